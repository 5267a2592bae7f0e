"""The files bucket's keys: their first segments are what the template's lifecycle rules and IAM policies name,
and the fault suite tells the files apart by them."""

import pytest

from donor_import.data.file_keys import (
    BatchFile,
    batch_file_key,
    batch_file_kind,
    error_csv_key,
    error_file_key,
    import_contacts_key,
    is_import_contacts_key,
    parse_upload_key,
    upload_key,
)

ORG, ID = "org-a", "01J0000000000000000000000A"


def test_each_file_lives_under_the_prefix_its_lifecycle_rule_names():
    assert upload_key(ORG, ID, "my people.csv") == f"uploads/{ORG}/{ID}/my people.csv"
    assert batch_file_key(ORG, ID, 2, BatchFile.FAILED, 3) == f"work/{ORG}/{ID}/2/failed/0000003.json.gz"
    assert error_file_key(ORG, ID) == f"errors/{ORG}/{ID}/errors.xlsx"
    assert error_csv_key(ORG, ID) == f"errors/{ORG}/{ID}/errors.csv.gz"
    assert import_contacts_key(ORG, ID) == f"results/{ORG}/{ID}/contacts.json.gz"


def test_an_upload_key_reads_back_with_a_slash_in_the_file_name():
    assert parse_upload_key(upload_key(ORG, ID, "a/b.csv")) == (ORG, ID, "a/b.csv")


@pytest.mark.parametrize("key", ["uploads/org-a/only-two", "errors/org-a/x/errors.xlsx", "uploads//x/y.csv"])
def test_other_keys_are_not_upload_keys(key):
    with pytest.raises(ValueError, match="not an upload key"):
        parse_upload_key(key)


def test_a_batch_file_is_told_by_its_kind():
    assert batch_file_kind(batch_file_key(ORG, ID, 1, BatchFile.CONTACTS, 7)) is BatchFile.CONTACTS
    assert batch_file_kind(batch_file_key(ORG, ID, 1, BatchFile.FAILED, 7)) is BatchFile.FAILED
    assert batch_file_kind(import_contacts_key(ORG, ID)) is None
    assert batch_file_kind(upload_key(ORG, ID, "contacts")) is None


def test_the_contacts_of_an_import_are_not_a_batch_s():
    assert is_import_contacts_key(import_contacts_key(ORG, ID))
    assert not is_import_contacts_key(batch_file_key(ORG, ID, 1, BatchFile.CONTACTS, 1))
