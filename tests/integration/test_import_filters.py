"""GET /imports filtered by the server: a DynamoDB Query with a FilterExpression, read on page after page until
a page is full or its bound is read, so an old import the filter takes is found however many newer ones there are."""

import boto3
import pytest

from donor_import.domain.import_filter import ImportFilter
from donor_import.domain.import_record import Import, Stage, Status

ORG = "org-a"
OLD = [("01JAOLDIMPORT0000000000001", "donations", "Spring GIFTS.csv", "2025-03-01T10:00:00.000Z", Status.SUCCESS),
       ("01JAOLDIMPORT0000000000002", "donations", "summer gifts.xlsx", "2025-06-30T23:59:59.999Z", Status.FAILED)]
RECENT = 60


@pytest.fixture
def history(stack):
    """Two old donations imports, then RECENT contacts imports (ids sort by the time they were made)."""
    imports = stack.stores.imports
    made = [*OLD, *((f"01JNEWIMPORT{n:014d}", "contacts", f"people {n}.csv", "2026-11-01T09:00:00.000Z",
                     Status.IN_PROGRESS) for n in range(RECENT))]
    for import_id, import_type, file_name, created_at, status in made:
        imports.create(Import(org_id=ORG, import_id=import_id, stage=Stage.MAPPING, status=status,
                              import_type=import_type, file_name=file_name, created_at=created_at))
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
        Key={"pk": f"ORG#{ORG}", "sk": f"IMPORT#{OLD[0][0]}"}, UpdateExpression="REMOVE file_name_search")
    assert _every_page(history, ImportFilter(text="GIFTS"), limit=5, max_read=500) == [
        ["summer gifts.xlsx", "Spring GIFTS.csv"]]
    assert _every_page(history, ImportFilter(text="Spring"), limit=5, max_read=500) == [["Spring GIFTS.csv"]]


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
