"""GET /imports filtered by the server: a DynamoDB Query of the range of days' import ids (the key condition) with
a FilterExpression for the rest, read on page after page until a page is full or its bound is read, so an old
import the filter takes is found however many newer ones there are, and a range of days reads only its imports."""

import boto3
import pytest

from donor_import.data import aws
from donor_import.data.imports_repo import ImportsTable, parse_stamp
from donor_import.domain.ids import first_id_at, last_id_at
from donor_import.domain.import_filter import ImportFilter
from donor_import.domain.import_record import Import, Stage, Status
from tests.import_ids import made_at

ORG = "org-a"
OLD = [("donations", "Spring GIFTS.csv", "2025-03-01T10:00:00.000Z", Status.SUCCESS),
       ("donations", "summer gifts.xlsx", "2025-06-30T23:59:59.999Z", Status.FAILED)]
RECENT = 60


def _create(imports, import_id: str, import_type: str, file_name: str, created_at: str, status: Status) -> None:
    imports.create(Import(org_id=ORG, import_id=import_id, stage=Stage.MAPPING, status=status,
                          import_type=import_type, file_name=file_name, created_at=created_at))


@pytest.fixture
def history(stack):
    """Two old donations imports, then RECENT contacts imports (ids made when the imports were, as the API does)."""
    imports = stack.stores.imports
    for import_type, file_name, created_at, status in OLD:
        _create(imports, made_at(created_at), import_type, file_name, created_at, status)
    for n in range(RECENT):
        created_at = "2026-11-01T09:00:00.000Z"
        _create(imports, made_at(created_at, n), "contacts", f"people {n}.csv", created_at, Status.IN_PROGRESS)
    return imports


def _every_page(imports, chosen: ImportFilter, limit: int, max_read: int) -> list[list[str]]:
    pages, cursor = [], None
    while True:
        items, cursor = imports.list_page(ORG, limit, cursor, chosen, max_read=max_read)
        pages.append([i.file_name for i in items])
        if cursor is None:
            return pages


def test_old_imports_beyond_several_pages_are_reached_by_their_cursors(history):
    pages = _every_page(history, ImportFilter(import_type="donations"), limit=5, max_read=25)
    assert pages == [[], [], ["summer gifts.xlsx", "Spring GIFTS.csv"]]  # 25 + 25 read, then 10 and the two


def test_a_page_fills_from_as_many_query_pages_as_it_takes(history):
    assert _every_page(history, ImportFilter(text="GIFTS"), limit=1, max_read=500) == [
        ["summer gifts.xlsx"], ["Spring GIFTS.csv"]]
    assert _every_page(history, ImportFilter(), limit=40, max_read=500) == [
        [f"people {n}.csv" for n in reversed(range(20, RECENT))],
        [*(f"people {n}.csv" for n in reversed(range(20))), "summer gifts.xlsx", "Spring GIFTS.csv"]]


def test_an_import_from_before_the_search_name_was_kept_is_found_by_its_file_name(stack, history):
    boto3.resource("dynamodb").Table(stack.ref("ImportsTable")).update_item(
        Key={"pk": f"ORG#{ORG}", "sk": f"IMPORT#{made_at(OLD[0][2])}"}, UpdateExpression="REMOVE file_name_search")
    assert _every_page(history, ImportFilter(text="GIFTS"), limit=5, max_read=500) == [
        ["summer gifts.xlsx", "Spring GIFTS.csv"]]
    assert _every_page(history, ImportFilter(text="Spring"), limit=5, max_read=500) == [["Spring GIFTS.csv"]]


class _CountedReads:
    """data.aws for an ImportsTable, its table's Queries counting the items DynamoDB read (ScannedCount: what a
    Query is billed for, the FilterExpression applied after)."""

    def __init__(self, table_name: str):
        self.table_name, self.read = table_name, 0

    def table(self, name: str):
        assert name == self.table_name
        return self

    def query(self, **query) -> dict:
        answer = aws.table(self.table_name).query(**query)
        self.read += answer["ScannedCount"]
        return answer


def test_a_range_of_days_reads_only_its_imports_however_many_newer_ones_there_are(stack, history):
    counted = _CountedReads(stack.ref("ImportsTable"))
    imports = ImportsTable(counted.table_name, clients=counted)
    chosen = ImportFilter(from_day=parse_stamp(OLD[1][2]).date(), to_day=parse_stamp(OLD[1][2]).date())
    assert _every_page(imports, chosen, limit=10, max_read=500) == [["summer gifts.xlsx"]]
    assert counted.read == 1, f"{counted.read} imports read for a range holding one, behind {RECENT} newer"


@pytest.mark.parametrize(("query", "found"), [
    ("type=donations", ["summer gifts.xlsx", "Spring GIFTS.csv"]),
    ("q=spring", ["Spring GIFTS.csv"]),
    ("status=Failed", ["summer gifts.xlsx"]),
    ("from=2025-06-30&to=2025-06-30", ["summer gifts.xlsx"]),
    ("to=2025-03-01&type=donations", ["Spring GIFTS.csv"]),
    ("from=2026-11-02", []),
])
def test_the_api_answers_the_filtered_page(stack, history, query, found):
    status, page = stack.call("GET", "/imports", query=f"limit=10&{query}")
    assert status == 200, page
    assert ([i["file_name"] for i in page["items"]], page["next_cursor"]) == (found, None)


@pytest.mark.parametrize("query", ["type=gifts", "status=done", "from=2026-02-30", "to=soon",
                                   "from=2026-02-02&to=2026-02-01"])
def test_a_filter_it_cannot_be_is_a_422(stack, query):
    status, answer = stack.call("GET", "/imports", query=query)
    assert (status, answer["error"]["code"]) == (422, "unprocessable")


EDGES = ["2025-06-29T23:59:59.999Z", "2025-06-30T00:00:00.000Z", "2025-06-30T23:59:59.999Z",
         "2025-07-01T00:00:00.000Z"]


@pytest.mark.parametrize(("words", "found"), [
    ({"from": "2025-06-30", "to": "2025-06-30"}, EDGES[1:3]),
    ({"from": "2025-06-30"}, EDGES[1:]),
    ({"to": "2025-06-30"}, EDGES[:3]),
    ({"from": "2025-07-01", "to": "9999-12-31"}, EDGES[3:]),
    ({"from": "0001-01-01", "to": "2025-06-29"}, EDGES[:1]),
])
def test_a_range_takes_its_first_and_last_milliseconds_and_not_one_more(stack, words, found):
    """The first and the last id of each millisecond: the smallest and largest an import of it can have."""
    for n, created_at in enumerate(EDGES):
        for import_id in (first_id_at(parse_stamp(created_at)), last_id_at(parse_stamp(created_at))):
            _create(stack.stores.imports, import_id, "contacts", f"{n}.csv", created_at, Status.SUCCESS)
    query = "&".join(f"{name}={day}" for name, day in words.items())
    status, page = stack.call("GET", "/imports", query=f"limit=20&{query}")
    assert status == 200, page
    assert [i["created_at"] for i in page["items"]] == [c for c in reversed(found) for _ in range(2)]


def test_the_cursor_of_a_range_pages_on_within_it_and_one_of_other_days_from_where_the_range_begins(stack,
                                                                                                   history):
    chosen = ImportFilter(import_type="contacts", from_day=parse_stamp(OLD[1][2]).date())
    pages = _every_page(history, chosen, limit=25, max_read=500)
    assert pages == [[f"people {n}.csv" for n in reversed(range(RECENT))][i:i + 25] for i in (0, 25, 50)]

    newer = stack.call("GET", "/imports", query="limit=1")[1]["next_cursor"]  # after a 2026 import
    older = stack.call("GET", "/imports", query="limit=1&to=2025-12-31")[1]["next_cursor"]  # after the 2025-06-30
    for query, found in ((f"to=2025-12-31&cursor={newer}", ["summer gifts.xlsx", "Spring GIFTS.csv"]),
                         (f"from=2025-01-01&to=2025-12-31&cursor={older}", ["Spring GIFTS.csv"]),
                         (f"from=2026-01-01&cursor={older}", [])):
        status, page = stack.call("GET", "/imports", query=f"limit=5&{query}")
        assert status == 200, page
        assert ([i["file_name"] for i in page["items"]], page["next_cursor"]) == (found, None), query
