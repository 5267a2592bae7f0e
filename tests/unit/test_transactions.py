"""Groups of conditional writes in TransactWriteItems: packed whole, losers set aside, conflicts retried."""

import pytest
from botocore.exceptions import ClientError

from donor_import.data import transactions
from donor_import.data.transactions import TRANSACTION_LIMIT


class FakeDynamo:
    """Answers each transact_write_items with the next scripted outcome: None (written) or a list of
    cancellation codes, one per action."""

    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.sent: list[list[dict]] = []

    def transact_write_items(self, TransactItems):  # noqa: N803 (boto3's name)
        self.sent.append(TransactItems)
        codes = self.outcomes.pop(0) if self.outcomes else None
        if codes is None:
            return {}
        reasons = [{"Code": code, **({"Item": {"pk": {"S": "held"}}} if code == "ConditionalCheckFailed" else {})}
                   for code in codes]
        raise ClientError({"Error": {"Code": "TransactionCanceledException", "Message": "cancelled"},
                           "CancellationReasons": reasons}, "TransactWriteItems")


def _group(name: str, size: int = 1) -> list[dict]:
    return [{"Put": {"Item": {"pk": {"S": f"{name}{i}"}}}} for i in range(size)]


def write_groups(groups: list[list[dict]], dynamodb, **options):
    """transactions.write_groups without the waits between tries."""
    return transactions.write_groups(groups, dynamodb, wait=lambda _attempt: None, **options)


def test_groups_are_packed_whole_into_transactions_of_at_most_100_actions():
    fake = FakeDynamo()
    assert write_groups([_group(f"g{n}", 3) for n in range(40)], fake) == []
    assert [len(sent) for sent in fake.sent] == [99, 21]
    assert all(len(sent) <= TRANSACTION_LIMIT for sent in fake.sent)


def test_a_group_that_fails_its_condition_is_set_aside_and_the_others_are_sent_again():
    fake = FakeDynamo(["None", "None", "ConditionalCheckFailed", "None"], None)
    refused = write_groups([_group("a", 2), _group("b", 2)], fake)
    assert [(r.group, r.action, r.holder) for r in refused] == [(1, 0, {"pk": "held"})]
    assert fake.sent[1] == _group("a", 2)


def test_a_conflicting_transaction_is_sent_again_until_it_is_written():
    fake = FakeDynamo(["TransactionConflict", "None"], ["None", "TransactionConflict"], None)
    assert write_groups([_group("a"), _group("b")], fake) == []
    assert len(fake.sent) == 3 and fake.sent[2] == fake.sent[0]


def test_a_transaction_that_keeps_conflicting_is_an_error_not_a_silent_loss():
    fake = FakeDynamo(*[["TransactionConflict"]] * 3)
    with pytest.raises(RuntimeError, match="still conflicting"):
        write_groups([_group("a")], fake, attempts=3)


def test_a_refusal_that_is_not_a_condition_or_a_conflict_is_raised():
    with pytest.raises(RuntimeError, match="ValidationError"):
        write_groups([_group("a")], FakeDynamo(["ValidationError"]))
