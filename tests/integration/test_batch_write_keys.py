"""A batch whose rows write one key twice goes through DynamoDB's BatchWriteItem, which refuses duplicate keys
(the emulator's strict layer refuses them as DynamoDB does)."""

import boto3
from boto3.dynamodb.conditions import Key

from donor_import.config import settings
from donor_import.data import aws, dynamo
from tests.lookup import contact_id_by

MAPPING = {"External ID": "external_id", "Email": "email", "First Name": "first_name"}


def test_one_external_id_with_and_without_an_email_in_one_batch_is_processed_as_one_contact(stack):
    data = b"External ID,Email,First Name\nX-1,ada@example.org,Ada\nX-1,,Ada\n"

    shown = stack.run_import("contacts", "same-person.csv", data, MAPPING)

    assert shown["status"] == "Success", shown
    assert (shown["rows_processed"], shown["rows_with_errors"]) == (2, 0), shown
    assert shown["contacts"] == 1, shown
    contact_id = contact_id_by(stack.stores.crm, "org-a", "external_id", "X-1")
    assert contact_id_by(stack.stores.crm, "org-a", "email", "ada@example.org") == contact_id
    assert stack.stores.crm.profiles("org-a", {contact_id})[contact_id]["email"] == "ada@example.org"


def test_a_batch_write_keeps_the_last_item_of_each_key(stack):
    table = settings().records_table
    items = [{"pk": "ORG#org-a", "sk": f"KEY#{n}", "version": version} for version in range(3) for n in range(20)]

    dynamo.batch_write(aws.client("dynamodb"), table, items)

    stored = boto3.resource("dynamodb").Table(table).query(
        KeyConditionExpression=Key("pk").eq("ORG#org-a") & Key("sk").begins_with("KEY#"))["Items"]
    assert sorted((item["sk"], item["version"]) for item in stored) == sorted((f"KEY#{n}", 2) for n in range(20))
