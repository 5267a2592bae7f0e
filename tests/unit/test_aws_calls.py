"""The recorder attributes each AWS operation to the function being invoked, also from s3transfer's threads
and for presigned requests, and records nothing made outside an invocation."""

import json

import boto3
import pytest
from boto3.s3.transfer import TransferConfig
from moto import mock_aws

from local.aws_calls import Recorder, invocation, read


@pytest.fixture
def recorder(monkeypatch):
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    recording = Recorder().install()
    with mock_aws():
        yield recording
    recording.uninstall()


def test_calls_are_attributed_to_the_invoked_function_only(recorder, tmp_path):
    s3 = boto3.session.Session().client("s3")
    s3.create_bucket(Bucket="files")  # the test's own call: no function is being invoked
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * (6 * 1024 * 1024))
    with invocation("Fn"):
        s3.put_object(Bucket="files", Key="work/a", Body=b"1")
        # multipart, from s3transfer's executor threads
        s3.upload_file(str(big), "files", "errors/big", Config=TransferConfig(multipart_threshold=5 * 1024 * 1024))
        s3.generate_presigned_post("files", "uploads/u")
        s3.generate_presigned_url("get_object", Params={"Bucket": "files", "Key": "results/r"})
    s3.get_object(Bucket="files", Key="work/a")
    recorder.write(tmp_path / "calls.jsonl")
    calls = read(tmp_path / "calls.jsonl")
    found = {(c.function, c.operation, json.dumps(c.resources(), sort_keys=True)) for c in calls}
    object_ = '{{"Bucket": "files", "Key": "{}"}}'.format
    assert found == {
        ("Fn", "PutObject", object_("work/a")),
        ("Fn", "CreateMultipartUpload", object_("errors/big")),
        ("Fn", "UploadPart", object_("errors/big")),
        ("Fn", "CompleteMultipartUpload", object_("errors/big")),
        ("Fn", "PresignedPost", object_("uploads/u")),
        ("Fn", "GetObject", object_("results/r")),
    }


def test_transactions_record_each_items_kind_and_table_not_its_values(recorder, tmp_path):
    dynamodb = boto3.session.Session().client("dynamodb")
    dynamodb.create_table(TableName="t", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                          AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                          BillingMode="PAY_PER_REQUEST")
    with invocation("Fn"):
        dynamodb.transact_write_items(TransactItems=[
            {"Put": {"TableName": "t", "Item": {"pk": {"S": "secret"}}}},
            {"ConditionCheck": {"TableName": "t", "Key": {"pk": {"S": "other"}},
                                "ConditionExpression": "attribute_not_exists(pk)"}}])
    recorder.write(tmp_path / "calls.jsonl")
    [call] = read(tmp_path / "calls.jsonl")
    assert call.resources() == {"Items": [["ConditionCheck", "t"], ["Put", "t"]]}
