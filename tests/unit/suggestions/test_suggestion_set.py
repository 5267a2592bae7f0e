"""The suggester against real exports (cases/*.json, each with the repository and path it came from): the shares
of columns it gets right, wrong and misses, printed; wrong must stay under 2 % (a wrong suggestion imports a
column into the wrong field when the mapping is accepted as it comes; a missed one only asks the user)."""

from donor_import.domain.mapping import suggest

from .scoring import cases, score, shares


def test_the_set_is_real_exports_of_at_least_15_files_and_200_columns():
    found = cases()
    assert len(found) >= 15
    assert sum(len(case.headers) for case in found) >= 200
    assert all(case.source["repo"] and case.source["path"] for case in found)
    assert all(set(case.expected) == set(case.headers) for case in found)


def test_suggestions_are_wrong_for_under_2_percent_of_the_columns(capsys):
    counts, lines = score(suggest)
    found = shares(counts)
    with capsys.disabled():
        print(f"\nsuggestions on {sum(counts.values())} columns of {len(cases())} files: "
              + ", ".join(f"{kind} {share:.1%}" for kind, share in found.items()))
        print("\n".join(lines))
    assert found["wrong"] < 0.02
