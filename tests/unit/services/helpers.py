"""Imports as the services find them, put straight into a fake imports table."""

from donor_import.data.file_keys import upload_key
from donor_import.data.imports_repo import now
from donor_import.domain.import_record import Import
from donor_import.domain.lifecycle import ZERO_COUNTS

ORG = "org-a"


def an_import(stores, import_id: str = "01JTESTXMPRT00000000000001", stage: str = "awaiting_upload",
              status: str = "In Progress", file_name: str = "people.csv", **fields) -> Import:
    record = {"org_id": ORG, "import_id": import_id, "created_at": now(), "import_type": "contacts",
              "file_name": file_name, "file_key": upload_key(ORG, import_id, file_name), "status": status,
              "stage": stage, "failure_reason": None, "mapping": None, "options": {}, **ZERO_COUNTS, **fields}
    stores.imports.create(Import(**record))
    return stores.imports.get(ORG, import_id)
