"""GET /imports' filters: read from the query's words, and applied by the store before a page is cut."""

import pytest

from donor_import.domain.import_filter import ImportFilter
from donor_import.services import import_api
from donor_import.services.errors import Unprocessable
from tests.import_ids import made_at

from .helpers import ORG, an_import


def _history(stores, recent: int = 12) -> None:
    """Two old donations imports, then `recent` contacts imports after them (ids made when the imports were, as
    the API makes them)."""
    for file_name, created_at, status in (("Spring Gifts.csv", "2025-03-01T10:00:00.000Z", "Success"),
                                          ("summer gifts.xlsx", "2025-06-30T23:59:59.999Z", "Failed")):
        an_import(stores, made_at(created_at), import_type="donations", file_name=file_name, created_at=created_at,
                  status=status)
    for n in range(recent):
        created_at = "2026-11-01T09:00:00.000Z"
        an_import(stores, made_at(created_at, n), file_name=f"people {n}.csv", created_at=created_at)


@pytest.mark.parametrize(("words", "refused"), [
    ({"import_type": "gifts"}, "type must be one of"),
    ({"status": "success"}, "status must be one of"),
    ({"from_day": "2026-13-01"}, "from must be a day"),
    ({"to_day": "yesterday"}, "to must be a day"),
    ({"from_day": "2026-02-02", "to_day": "2026-02-01"}, "from must not be after to"),
])
def test_a_filter_it_cannot_be_is_refused(words, refused):
    with pytest.raises(Unprocessable, match=refused):
        import_api.import_filter(**words)


def test_an_old_import_the_filter_takes_is_on_the_first_page(stores):
    _history(stores)
    page = import_api.list_imports(stores, ORG, 5, None, import_api.import_filter(import_type="donations"))
    assert [i["file_name"] for i in page["items"]] == ["summer gifts.xlsx", "Spring Gifts.csv"]
    assert page["next_cursor"] is None


@pytest.mark.parametrize(("words", "found"), [
    ({"text": "GIFTS"}, ["summer gifts.xlsx", "Spring Gifts.csv"]),
    ({"text": " spring "}, ["Spring Gifts.csv"]),
    ({"status": "Failed"}, ["summer gifts.xlsx"]),
    ({"from_day": "2025-06-30", "to_day": "2025-06-30"}, ["summer gifts.xlsx"]),
    ({"to_day": "2025-03-01"}, ["Spring Gifts.csv"]),
    ({"from_day": "2026-11-02"}, []),
])
def test_each_filter_takes_only_what_it_names(stores, words, found):
    _history(stores, recent=2)
    page = import_api.list_imports(stores, ORG, 20, None, import_api.import_filter(**words))
    assert [i["file_name"] for i in page["items"]] == found


def test_a_page_that_read_its_bound_is_short_and_gives_the_cursor_to_read_on(stores):
    _history(stores)
    chosen, pages, cursor = ImportFilter(import_type="donations"), [], None
    while True:
        items, cursor = stores.imports.list_page(ORG, 5, cursor, chosen, max_read=5)
        pages.append([i.file_name for i in items])
        if cursor is None:
            break
    assert pages == [[], [], ["summer gifts.xlsx", "Spring Gifts.csv"]]
