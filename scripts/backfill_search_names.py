"""Give each import created before its search name was kept (imports_repo.SEARCH_NAME: the file name as `q` of
GET /imports compares it, any case) its search name; until then `q` finds such an import only in the case its file
name is written in.

    IMPORTS_TABLE=<imports table> python -m scripts.backfill_search_names [--cursor-file ...] [--page 500]

Idempotent and resumable: after each page the scan's position is saved to the cursor file, and a run starts from
it. Each import is given its search name by an update of that attribute alone, on the condition that it has none
and still has the file name read: one is never overwritten, and an update of the import meanwhile is not undone."""

from pathlib import Path

from boto3.dynamodb.conditions import Attr

from donor_import.data import aws
from donor_import.data.imports_repo import IMPORT, SEARCH_NAME, ImportsTable
from scripts.resumable_scan import command_line, pages

LACKING = Attr("sk").begins_with(IMPORT) & Attr(SEARCH_NAME).not_exists()


def backfill(imports: ImportsTable, table, cursor_file: Path, page: int = 500) -> int:
    """Every import lacking a search name given it, page after page from the saved cursor; how many were given."""
    return sum(imports.give_search_name(item["org_id"], item["import_id"], item["file_name"])
               for items in pages(table, LACKING, cursor_file, page) for item in items)


def main() -> None:
    args, table_name = command_line(__doc__, "backfill_search_names", "IMPORTS_TABLE")
    given = backfill(ImportsTable(table_name), aws.table(table_name), args.cursor_file, args.page)
    print(f"{given} imports given their search name")


if __name__ == "__main__":
    main()
