"""Property: one person's rows, in any order and any split into batches processed in parallel, land on one contact.

The simulation is the write path's: every batch reads the holders of its rows' keys at its start (so parallel
batches see none of each other's claims), decides its rows in order (an earlier row's claims are seen by later
rows of the batch), then claims its keys with a condition; a row that loses a claim to a parallel batch re-reads
and is decided again. The person's rows vary as files do: nickname, case, unit written otherwise, and each row
carries some of the identifying fields, one of which every row shares.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from donor_import.domain.matching.decisions import Create, Match, PossibleDuplicate, decide, family_keys
from donor_import.domain.matching.keys import lookup_keys
from donor_import.domain.matching.rules import MatchRule, UpdateMode

IDENTIFIERS = {"external_id": ["G-17"], "email": ["grace@navy.mil", "GRACE@navy.mil "],
               "phone": ["+12025550100"], "address": [("1 Navy Way", "Apt 2"), ("1 Navy Way #2", "")]}
FIRST = ["Grace", "GRACE", "grace", "G."]


@st.composite
def rows(draw):
    shared = draw(st.sampled_from(sorted(IDENTIFIERS)))
    count = draw(st.integers(2, 8))
    made = []
    for _ in range(count):
        kinds = {shared} | set(draw(st.sets(st.sampled_from(sorted(IDENTIFIERS)))))
        row = {"first_name": draw(st.sampled_from(FIRST)), "last_name": "Hopper"}
        for kind in kinds:
            value = draw(st.sampled_from(IDENTIFIERS[kind]))
            if kind == "address":
                row.update(address_line1=value[0], address_line2=value[1], postal_code="22202")
            else:
                row[kind] = value
        made.append(row)
    return made


def split(items: list, cuts: list[int]) -> list[list]:
    bounds = [0, *sorted(set(c % (len(items) + 1) for c in cuts)), len(items)]
    return [items[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def run(batches: list[list[dict]], order: list[int]) -> list[str]:
    """The contact of each row; batches start together, then claim in `order`."""
    holders, profiles, landed = {}, {}, {}
    snapshots = [dict(holders) for _ in batches]
    pending = {b: [(b, i) for i in range(len(batch))] for b, batch in enumerate(batches)}
    for b in [o % len(batches) for o in order] + list(range(len(batches))):
        view = snapshots[b]
        for b_, i in pending.pop(b, []):
            row = batches[b_][i]
            while True:
                held = {k: view[k] for k in lookup_keys(row, MatchRule.STANDARD) if k in view}
                held |= {k: view[k] for k in family_keys(row, held, profiles) if k in view}
                decision = decide(row, MatchRule.STANDARD, UpdateMode.UPDATE, held,
                                  {c: profiles[c] for c in held.values()})
                assert isinstance(decision, Create | Match | PossibleDuplicate), decision
                claims = decision.new_keys if isinstance(decision, Match) else decision.keys
                lost = [k for k in claims if k in holders]
                if isinstance(decision, Match) or not lost:
                    break
                view = {**view, **{k: holders[k] for k in lost}}  # lost a claim: read the winner, decide again
            contact = decision.contact_id if isinstance(decision, Match) else f"c{len(profiles)}"
            if not isinstance(decision, Match):
                profiles[contact] = dict(decision.fields)
            for key in claims:
                holders.setdefault(key, contact)
            view = {**view, **{k: holders[k] for k in claims}}
            landed[(b_, i)] = contact
    return [landed[(b, i)] for b, batch in enumerate(batches) for i in range(len(batch))]


@settings(max_examples=200, deadline=None)
@given(rows(), st.lists(st.integers(0, 20), max_size=4), st.lists(st.integers(0, 20), max_size=6),
       st.randoms(use_true_random=False))
def test_one_persons_rows_land_on_one_contact_however_batched(person_rows, cuts, order, random):
    random.shuffle(person_rows)
    contacts = run(split(person_rows, cuts), order)
    assert len(set(contacts)) == 1, (person_rows, contacts)


@settings(max_examples=200, deadline=None)
@given(rows())
def test_decide_is_deterministic(person_rows):
    holders, profiles = {}, {}
    for number, row in enumerate(person_rows):
        first = decide(row, MatchRule.STANDARD, UpdateMode.UPDATE, dict(holders), dict(profiles))
        assert decide(row, MatchRule.STANDARD, UpdateMode.UPDATE, dict(holders), dict(profiles)) == first
        if not isinstance(first, Match):
            profiles[f"c{number}"] = dict(first.fields)
            holders.update(dict.fromkeys(first.keys, f"c{number}"))
