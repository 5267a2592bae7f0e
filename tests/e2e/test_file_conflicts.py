"""Issue 15's members file over HTTP on the local stack: one member id reused for different people (other names,
other emails). The file's order decides: the first person keeps the id, each later one is a rejected row naming
the first, the same on a first import and a re-import, whatever the batch size, across the validator's parts."""

import itertools

import pytest

from donor_import.config import settings
from local.client import Client

pytestmark = pytest.mark.e2e
# No two of these one name, a nickname or an initial of another: rows PEOPLE apart share a member id, and their
# names are next to each other in this list (PEOPLE % len(NAMES) == 1)
NAMES = ("Ada", "Bea", "Cy", "Dora", "Edgar", "Fay", "Gus", "Hugo", "Ivy", "Jack", "Kurt")
PEOPLE, REUSED = 12, 6  # rows 14-19 give the ids of rows 2-7 to someone else
MAPPING = {"Member ID": "external_id", "First Name": "first_name", "Last Name": "last_name", "Email": "email"}
tags = (f"fc{n}" for n in itertools.count())


def _name(i: int) -> str:
    return NAMES[i % len(NAMES)]


@pytest.fixture
def client(stack) -> Client:
    return Client(stack.url)


@pytest.fixture
def stack_settings(monkeypatch):
    """Sets the local stack's settings (its functions share this process's environment) for one test."""
    def setting(name: str, value: str) -> None:
        monkeypatch.setenv(name, value)
        settings.cache_clear()
    yield setting
    monkeypatch.undo()
    settings.cache_clear()


def _members(tag: str, padding: int = 0) -> bytes:
    """PEOPLE members, then REUSED rows reusing the first ones' ids; after `padding` rows of no one (an email
    that is none, rejected) when asked, so that the validator meets the reused ids in a later part."""
    people = [f"{tag}-{i % PEOPLE},{_name(i)},Member{i},{_name(i).lower()}.{i}@{tag}.org"
              for i in range(PEOPLE + REUSED)]
    rows = people[:PEOPLE] + [",,,no-email"] * padding + people[PEOPLE:]
    return ("Member ID,First Name,Last Name,Email\n" + "\n".join(rows) + "\n").encode()


def _imported(client: Client, tag: str, padding: int = 0) -> dict:
    body = {"import_type": "contacts", "file_name": f"{tag}.csv", "allow_duplicate_file": True, "mapping": MAPPING}
    created = client.json("POST", "/imports", 201, json=body)
    client.upload(created["upload"], _members(tag, padding), f"{tag}.csv")
    return client.wait_done(created["import"]["import_id"], timeout=120)


def _pages(client: Client, path: str, limit: int, **params) -> list[dict]:
    items, cursor = [], None
    while True:
        page = client.json("GET", path, params={"limit": limit, **params, **({"cursor": cursor} if cursor else {})})
        items += page["items"]
        if not (cursor := page["next_cursor"]):
            return items


def _contacts(client: Client, done: dict) -> dict[str, tuple[str, str, str]]:
    listed = client.json("POST", f"/imports/{done['import_id']}/list", 201)
    return {c["contact_id"]: (c["external_id"], c["first_name"], c["email"])
            for c in _pages(client, f"/lists/{listed['list_id']}/contacts", 100)}


def _conflicts(client: Client, done: dict) -> list[tuple[int, str]]:
    return [(row["row"], row["reason"]) for row in _pages(client, f"/imports/{done['import_id']}/rejected-rows", 200,
                                                          reason="conflict")]


def _expected(tag: str, first_reused_row: int) -> list[tuple[int, str]]:
    return [(first_reused_row + i, f"conflict: external id '{tag}-{i}' is row {i + 2}'s, a different person "
                                   "(another name and email)") for i in range(REUSED)]


@pytest.mark.parametrize("batch_rows", [500, 4, 1])
def test_a_reused_member_id_is_the_first_persons_on_every_import_whatever_the_batch_size(client, stack_settings,
                                                                                         batch_rows):
    stack_settings("BATCH_ROWS", str(batch_rows))
    tag = next(tags)
    first, again = _imported(client, tag), _imported(client, tag)

    for done, counts in ((first, (PEOPLE, 0)), (again, (0, PEOPLE))):
        assert (done["status"], done["rows_processed"], done["rows_with_errors"]) == ("Success", PEOPLE, REUSED)
        assert (done["contacts_created"], done["contacts_updated"], done["possible_duplicates"]) == (*counts, 0)
        assert _conflicts(client, done) == _expected(tag, PEOPLE + 2)
    contacts = _contacts(client, first)
    owners = {f"{tag}-{i}": (_name(i), f"{_name(i).lower()}.{i}@{tag}.org") for i in range(PEOPLE)}
    assert {member: (name, email) for member, name, email in contacts.values()} == owners
    assert _contacts(client, again) == contacts


def test_a_reused_member_id_is_found_in_a_later_part_of_the_validation(client, stack_settings):
    """The validator checks its time every 1,000 rows: with a safety margin above any time left, it stops at a
    checkpoint there, and the next part reads the first part's ids from the ledger's saved state."""
    stack_settings("VALIDATOR_SAFETY_SECONDS", "1e9")
    tag = next(tags)
    done = _imported(client, tag, padding=1000)
    assert (done["rows_processed"], done["rows_with_errors"], done["contacts_created"]) == (PEOPLE, 1000 + REUSED,
                                                                                            PEOPLE)
    assert _conflicts(client, done) == _expected(tag, PEOPLE + 1002)
