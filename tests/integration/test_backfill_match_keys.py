"""The backfill of match keys for contacts written before them (derived ids, X# items), against moto:
resumable from its cursor, idempotent, and later files then find those contacts."""

import json
import uuid

from boto3.dynamodb.conditions import Attr

from donor_import.config import settings
from donor_import.data import aws
from donor_import.data.crm_repo import PROFILE, contact_pk
from donor_import.domain.matching.keys import claimable_keys
from donor_import.domain.matching.rules import MatchRule
from scripts.backfill_match_keys import backfill
from tests.lookup import contact_id_by

OLD = [{"email": "ada@example.org", "email_key": "ada@example.org", "external_id": "X-1", "first_name": "Ada"},
       {"email": "grace@example.org", "email_key": "grace@example.org", "phone": "+16502530000"},
       {"external_id": "X-3", "phone": "+16502530000", "first_name": "Alan"}]  # a phone another contact has


def _seed(table) -> list[str]:
    ids = [str(uuid.uuid5(uuid.NAMESPACE_URL, f"old-{n}")) for n in range(len(OLD))]
    for contact_id, fields in zip(ids, OLD, strict=True):
        table.put_item(Item={"pk": contact_pk("org-a", contact_id), "sk": PROFILE, "contact_id": contact_id,
                             "org_id": "org-a", **fields})
    return ids


def test_the_backfill_resumes_from_its_cursor_claims_every_key_once_and_reports_keys_held(stack, tmp_path):
    table = aws.table(settings().records_table)
    ids = _seed(table)
    crm, cursor = stack.stores.crm, tmp_path / "backfill.cursor"
    first = table.scan(FilterExpression=Attr("sk").eq(PROFILE), Limit=1, ConsistentRead=True)
    cursor.write_text(json.dumps(first["LastEvaluatedKey"]))  # as a run stopped after a page

    backfill(crm, table, cursor, page=1)
    skipped = first["Items"][0]
    skipped_keys = set(claimable_keys(skipped, MatchRule.STANDARD))
    assert skipped["contact_id"] not in crm.holders("org-a", skipped_keys).values(), "the page before is not read"
    assert not cursor.exists(), "a finished run leaves no cursor"

    reported = backfill(crm, table, cursor, page=2)
    again = backfill(crm, table, cursor, page=2)
    assert [contact_id_by(crm, "org-a", "external_id", e) for e in ("X-1", "X-3")] == [ids[0], ids[2]]
    assert contact_id_by(crm, "org-a", "email", "Grace@example.org") == ids[1]
    phone_holder = contact_id_by(crm, "org-a", "phone", "+16502530000")
    assert phone_holder in (ids[1], ids[2])
    assert reported == again and len(reported) == 1 and "phone:+16502530000" in reported[0]


def test_a_later_file_finds_a_backfilled_contact(stack, tmp_path):
    table = aws.table(settings().records_table)
    ids = _seed(table)
    backfill(stack.stores.crm, table, tmp_path / "backfill.cursor")

    shown = stack.run_import("donations", "gifts.csv", b"Email,Amount,Date\nADA@example.org,10.00,2026-01-05\n",
                             {"Email": "email", "Amount": "amount", "Date": "date"})
    assert (shown["contacts_created"], shown["contacts_updated"]) == (0, 1)
    assert len(stack.stores.crm.records_of("org-a", ids[0], "donation")) == 1
