"""The backfill of search names for imports created before they were kept, against moto: resumable from its
cursor, idempotent, never overwriting a search name nor undoing an update made meanwhile, and Past imports' search
then finds those imports in any case."""

import json

import pytest
from boto3.dynamodb.conditions import Attr

from donor_import.data import aws
from donor_import.data.imports_repo import IMPORT, SEARCH_NAME
from donor_import.domain.import_record import Import, Stage, Status
from scripts.backfill_search_names import LACKING, backfill
from tests.import_ids import made_at

ORG = "org-a"
NAMES = ["Spring GIFTS.csv", "summer Gifts.xlsx", "AUTUMN GiftS.csv"]


@pytest.fixture
def old_imports(stack) -> list[str]:
    """An import of each name, as created before search names were kept; and a mapping and settings beside them."""
    imports, table = stack.stores.imports, aws.table(stack.ref("ImportsTable"))
    ids = [made_at("2025-03-01T10:00:00.000Z", n) for n in range(len(NAMES))]
    for import_id, file_name in zip(ids, NAMES, strict=True):
        imports.create(Import(org_id=ORG, import_id=import_id, stage=Stage.MAPPING, status=Status.SUCCESS,
                              import_type="donations", file_name=file_name, created_at="2025-03-01T10:00:00.000Z"))
        table.update_item(Key=_key(import_id), UpdateExpression=f"REMOVE {SEARCH_NAME}")
    imports.save_mapping(ORG, "donations", "sig", {"Email": "email"}, {})
    imports.put_settings(ORG, {"campaigns": []})
    return ids


def _key(import_id: str) -> dict:
    return {"pk": f"ORG#{ORG}", "sk": IMPORT + import_id}


def _item(stack, import_id: str) -> dict:
    return aws.table(stack.ref("ImportsTable")).get_item(Key=_key(import_id), ConsistentRead=True)["Item"]


def _found(stack, text: str) -> list[str]:
    status, page = stack.call("GET", "/imports", query=f"limit=10&q={text}")
    assert status == 200, page
    return [i["file_name"] for i in page["items"]]


def test_the_backfill_resumes_from_its_cursor_and_gives_each_import_its_search_name_once(stack, old_imports,
                                                                                        tmp_path):
    table, cursor = aws.table(stack.ref("ImportsTable")), tmp_path / "backfill.cursor"
    first = table.scan(FilterExpression=LACKING, Limit=1, ConsistentRead=True)
    cursor.write_text(json.dumps(first["LastEvaluatedKey"]))  # as a run stopped after a page
    skipped = first["Items"][0]["import_id"]

    assert backfill(stack.stores.imports, table, cursor, page=1) == len(NAMES) - 1
    assert SEARCH_NAME not in _item(stack, skipped), "the page before the cursor is not read again"
    assert not cursor.exists(), "a finished run leaves no cursor"

    before = {i: _item(stack, i) for i in old_imports}
    assert (backfill(stack.stores.imports, table, cursor, page=2), backfill(stack.stores.imports, table, cursor)) \
        == (1, 0)
    for import_id, file_name in zip(old_imports, NAMES, strict=True):
        item = _item(stack, import_id)
        assert item[SEARCH_NAME] == file_name.casefold()
        if import_id != skipped:
            assert item == before[import_id], "a run after the first writes nothing"
    assert _item(stack, skipped) == {**before[skipped], SEARCH_NAME: "spring gifts.csv"}, "nothing else written"


def test_after_the_backfill_a_search_finds_old_imports_in_any_case(stack, old_imports, tmp_path):
    assert _found(stack, "gifts") == []  # each is written in another case; as it was, only the exact case found one
    backfill(stack.stores.imports, aws.table(stack.ref("ImportsTable")), tmp_path / "backfill.cursor")
    assert _found(stack, "gifts") == list(reversed(NAMES))
    assert _found(stack, "sPRING") == ["Spring GIFTS.csv"]


def test_a_search_name_is_never_overwritten_nor_an_import_changed_meanwhile_undone(stack, old_imports):
    imports, table = stack.stores.imports, aws.table(stack.ref("ImportsTable"))
    kept, renamed, gone = old_imports
    table.update_item(Key=_key(kept), UpdateExpression=f"SET {SEARCH_NAME} = :s",
                      ExpressionAttributeValues={":s": "given meanwhile"})
    table.update_item(Key=_key(renamed), UpdateExpression="SET file_name = :f",
                      ExpressionAttributeValues={":f": "renamed.csv"})
    table.delete_item(Key=_key(gone))

    assert [imports.give_search_name(ORG, i, n) for i, n in zip(old_imports, NAMES, strict=True)] == [False] * 3
    assert _item(stack, kept)[SEARCH_NAME] == "given meanwhile"
    assert SEARCH_NAME not in _item(stack, renamed)
    assert "Item" not in table.get_item(Key=_key(gone)), "an import deleted meanwhile is not made again"
    assert table.scan(FilterExpression=Attr("sk").begins_with("MAPPING#") | Attr("sk").eq("SETTINGS"))["Count"] == 2
