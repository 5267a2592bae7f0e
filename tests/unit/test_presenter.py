"""How the API shows an import, against an in-memory file store: links while the files are kept (7 days) and,
in the detail view, only while they exist; what the user may do next; every stage's words in lifecycle order."""

from datetime import UTC, datetime, timedelta

from donor_import.api_models import ImportAnswer, answer
from donor_import.data.imports_repo import stamp
from donor_import.domain.import_record import Import, Stage
from donor_import.services.presenter import stage_labels, view


class FakeFiles:
    """The two calls the presenter makes of the file store: head (does the object exist) and a download link."""

    def __init__(self, kept: set[str]):
        self.kept = kept

    def head(self, key: str, version_id: str | None = None) -> dict | None:
        return {"ContentLength": 1} if key in self.kept else None

    def presigned_download(self, key: str, disposition: str, version_id: str | None = None) -> str:
        return f"https://files.example/{key}?v={version_id}"


KEY = "uploads/org-a/01J0000000000000000000000A/gifts.csv"


def record(status: str = "Failed", days_ago: float = 1, **changes) -> Import:
    uploaded = stamp(datetime.now(UTC) - timedelta(days=days_ago))
    return Import.model_validate({"org_id": "org-a", "import_id": "01J0000000000000000000000A", "created_at": uploaded,
            "import_type": "donations", "file_name": "gifts.csv", "file_key": KEY, "file_version": "v1",
            "uploaded_at": uploaded, "status": status, "stage": "done", "failure_reason": None, "rows_total": 2,
            "rows_validated": 2, "rows_processed": 2, "rows_failed": 0, "batches_total": 1, "batches_done": 1,
            "contacts_created": 0, "contacts_updated": 0, "mapping": {"Email": "email"},
            "options": {"default_region": "US", "date_orders": {}}, "created_by": {"sub": "u", "email": None},
            "allow_duplicate_file": False, **changes})


def test_a_failed_import_whose_file_is_kept_offers_it_and_a_retry():
    shown = view(FakeFiles({KEY}), record(), detail=True)
    assert shown["original_file_url"] == f"https://files.example/{KEY}?v=v1"
    assert shown["can_retry"] and not shown["original_file_expired"] and not shown["can_load_to_list"]
    assert answer(ImportAnswer, shown) == shown


def test_the_detail_view_offers_no_link_to_a_file_gone_but_the_list_trusts_its_age():
    files = FakeFiles(set())
    assert view(files, record(), detail=True)["original_file_url"] is None
    assert not view(files, record(), detail=True)["can_retry"]
    assert view(files, record())["original_file_url"] is not None


def test_after_seven_days_the_links_expire():
    shown = view(FakeFiles({KEY}), record(days_ago=7.1))
    assert shown["original_file_url"] is None and shown["original_file_expired"] and not shown["can_retry"]


def test_a_successful_import_with_contacts_may_be_loaded_to_a_list():
    shown = view(FakeFiles({KEY}), record("Success", contacts_created=2, contacts_updated=1))
    assert shown["contacts"] == 3 and shown["can_load_to_list"]
    assert not view(FakeFiles({KEY}), record("Success"))["can_load_to_list"]


def test_every_stage_has_the_words_a_user_reads_in_lifecycle_order():
    labels = stage_labels()
    assert list(labels) == [s.value for s in Stage] == ["awaiting_upload", "mapping", "validating", "processing",
                                                         "finalizing", "done"]
    assert all(label.strip() for label in labels.values())
