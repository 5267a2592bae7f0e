"""The files bucket is versioned and an import is pinned to the version of its upload it validated: a second
POST to the same presigned form (allowed for its 5 minutes) does not change the file under a running import."""

from datetime import UTC, datetime, timedelta

import pytest
import requests

from donor_import.config import settings
from donor_import.services.ending import watchdog

FIRST = b"Email,First Name\nada@example.org,Ada\nbob@example.org,Bob\n"
SECOND = b"Email,First Name\n" + b"".join(b"p%d@example.org,P%d\n" % (n, n) for n in range(7))
MAPPING = {"Email": "email", "First Name": "first_name"}


def test_the_bucket_is_versioned(stack):
    assert stack.s3.get_bucket_versioning(Bucket=stack.ref("FilesBucket"))["Status"] == "Enabled"
    rules = stack.s3.get_bucket_lifecycle_configuration(Bucket=stack.ref("FilesBucket"))["Rules"]
    assert {r["ID"]: r["NoncurrentVersionExpiration"]["NoncurrentDays"] for r in rules
            if "NoncurrentVersionExpiration" in r}["expire-uploads"] == 7


def create(stack, mapping=None) -> tuple[str, str]:
    body = {"import_type": "contacts", "file_name": "contacts.csv", **({"mapping": mapping} if mapping else {})}
    status, created = stack.call("POST", "/imports", body)
    assert status == 201
    return created["import"]["import_id"], created["upload"]["fields"]["key"]


@pytest.mark.parametrize("mapping_up_front", [True, False], ids=["mapping up front", "mapping step"])
def test_a_second_upload_to_the_key_does_not_change_the_file_under_a_running_import(stack, mapping_up_front):
    import_id, key = create(stack, MAPPING if mapping_up_front else None)
    stack.upload(key, FIRST)
    stack.upload(key, SECOND)  # the same form posted again: S3 keeps both, the event of the second is ignored
    if not mapping_up_front:
        status, _ = stack.call("PUT", f"/imports/{import_id}/mapping", {"mapping": MAPPING})
        assert status == 200
    stack.settle()
    shown = stack.call("GET", f"/imports/{import_id}")[1]
    assert (shown["status"], shown["rows_total"], shown["contacts_created"]) == ("Success", 2, 2)
    versions = stack.s3.list_object_versions(Bucket=stack.ref("FilesBucket"), Prefix=key)["Versions"]
    first_version = next(v["VersionId"] for v in versions if not v["IsLatest"])
    assert stack.stores.imports.get("org-a", import_id).file_version == first_version
    assert f"versionId={first_version}" in shown["original_file_url"]


def test_a_retry_reads_the_version_the_import_was_pinned_to(stack):
    import_id, key = create(stack, MAPPING)
    stack.upload(key, b"Email,First Name\nnot-an-email,Ada\n")  # pinned; then it stalls, and the watchdog ends it
    later = datetime.now(UTC) + timedelta(seconds=settings().stall_seconds + 60)
    assert watchdog.sweep(stack.stores, later) == [import_id]
    assert stack.call("GET", f"/imports/{import_id}")[1]["status"] == "Failed"
    stack.s3.put_object(Bucket=stack.ref("FilesBucket"), Key=key, Body=SECOND)  # and a late second POST
    assert stack.call("POST", f"/imports/{import_id}/retry")[0] == 200
    stack.settle()
    shown = stack.call("GET", f"/imports/{import_id}")[1]
    assert (shown["status"], shown["rows_total"], shown["rows_with_errors"]) == ("Failed", 1, 1)


def test_the_original_file_link_downloads_the_pinned_version(stack):
    import_id, key = create(stack)
    stack.upload(key, FIRST)
    stack.upload(key, SECOND)
    url = stack.call("GET", f"/imports/{import_id}")[1]["original_file_url"]
    assert requests.get(url, timeout=10).content == FIRST
