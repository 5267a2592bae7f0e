"""One external id on two rows of one batch, one row with an email and one without (a members export that
lists a member once per gift, the email on the first line only): one contact per member, every row
processed.

Before: the two rows made two contacts and two external-id items with one key in one BatchWriteItem, which
DynamoDB refuses whole (the batch's rows end in the dead-letter queue as system errors); moto accepted it.
"""

import time

from donor_import.data.stores import build
from donor_import.domain.matching.keys import MatchKey

from ..client import Client

MEMBERS = 100
MAPPING = {"Member ID": "external_id", "Email": "email", "First Name": "first_name", "Last Name": "last_name"}
ORG = "org-a"  # the client's token


def _file() -> bytes:
    lines = ["Member ID,Email,First Name,Last Name"]
    for n in range(MEMBERS):
        lines += [f"M-{n},member{n}@example.org,Member,No{n}", f"M-{n},,Member,No{n}"]
    return ("\n".join(lines) + "\n").encode()


def run(stack, client: Client) -> list[str]:
    started = time.monotonic()
    created = client.create_import("contacts", "members.csv", MAPPING)
    import_id = created["import"]["import_id"]
    client.upload(created["upload"], _file(), "members.csv")
    shown = client.wait_done(import_id, timeout=300)
    crm = build().crm
    keys = {MatchKey("external_id", f"M-{n}") for n in range(MEMBERS)}
    by_id = {key.value: contact for key, contact in crm.holders(ORG, keys).items()}
    emails = {p["email"] for p in crm.profiles(ORG, set(by_id.values())).values() if p.get("email")}
    print(f"external id twice: {2 * MEMBERS} rows of {MEMBERS} members, {shown['batches_total']} batch(es): "
          f"{shown['status']}, {shown['rows_processed']} processed, {shown['rows_with_errors']} with errors, "
          f"{shown['contacts']} contacts, {len(emails)} with their email, in {time.monotonic() - started:.1f} s")
    facts = {
        "Success": shown["status"] == "Success",
        "every row processed": (shown["rows_processed"], shown["rows_with_errors"]) == (2 * MEMBERS, 0),
        "one contact per member": shown["contacts"] == MEMBERS and len(set(by_id.values())) == MEMBERS,
        "each member's email kept": len(emails) == MEMBERS,
    }
    return [f"{import_id}: {name}" for name, held in facts.items() if not held]
