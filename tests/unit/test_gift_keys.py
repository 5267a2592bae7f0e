"""A gift's identity (domain.gifts) and how the records table writes it as a key (data.crm_repo): the keys are
the ones gifts imported before hold, so their form is pinned; a lost key reads back as the gift it stands for."""

from donor_import.data.crm_repo import gift_key, gift_key_item, lost_gift
from donor_import.domain.gifts import SameGift, SameTransaction, identities, reason

ORG = "org-a"


def test_a_gift_is_the_same_by_its_transaction_id_or_by_contact_date_and_amount_to_the_cent():
    assert identities("c1", {"date": "2026-01-05", "amount": "10"}) == [SameGift("c1", "2026-01-05", "10.00")]
    assert identities("c1", {"transaction_id": "tx#9", "date": "2026-01-05", "amount": "10.5"}) == [
        SameTransaction("tx#9"), SameGift("c1", "2026-01-05", "10.50")]


def test_the_keys_keep_the_form_of_the_gifts_imported_before():
    assert gift_key(ORG, SameTransaction("tx-1")) == "T#org-a#tx-1"
    assert gift_key(ORG, SameGift("c1", "2026-01-05", "10.00")) == "G#org-a#c1#2026-01-05#10.00"


def test_a_lost_key_reads_back_as_its_gift_and_holder():
    holder = {"source_row": 7, "import_id": "01OTHER"}
    for gift in (SameTransaction("tx#with#hashes"), SameGift("c1", "2026-01-05", "10.00")):
        lost = lost_gift(gift_key_item(ORG, gift, {"record_id": "r"}), holder)
        assert (lost.gift, lost.holder) == (gift, holder)


def test_a_duplicate_says_which_gift_and_whose():
    assert reason(SameTransaction("tx-1"), {"source_row": 7, "import_id": "01OTHER"}) == (
        "duplicate: transaction id 'tx-1' was imported already (row 7 of import 01OTHER)")
    assert reason(SameGift("c1", "2026-01-05", "10.00"), None) == (
        "duplicate: a gift of 10.00 on 2026-01-05 from this contact exists already (by another import)")
