"""Claim the match keys of contacts written before match keys existed (their id derived from an email or
external id; X# external-id items): each stored profile's external id, email and phone, claimed for it.

    python -m scripts.backfill_match_keys [--cursor-file backfill.cursor] [--page 500]

Idempotent (a contact re-claiming its own key wins it again) and resumable: after each page the scan's
position is saved to the cursor file, and a run starts from it. Keys another contact holds already are
reported, not taken."""

from pathlib import Path

from boto3.dynamodb.conditions import Attr

from donor_import.data import aws
from donor_import.data.crm_repo import PROFILE, CrmRecords
from donor_import.data.match_keys import KeyClaim
from donor_import.domain.matching.keys import claimable_keys
from donor_import.domain.matching.rules import MatchRule
from scripts.resumable_scan import command_line, pages


def backfill(crm: CrmRecords, table, cursor_file: Path, page: int = 500) -> list[str]:
    """Every profile's keys claimed, page after page from the saved cursor; the keys held by others."""
    return [held for profiles in pages(table, Attr("sk").eq(PROFILE), cursor_file, page)
            for held in _claim(crm, profiles)]


def _claim(crm: CrmRecords, profiles: list[dict]) -> list[str]:
    by_org: dict[str, list[KeyClaim]] = {}
    for profile in profiles:
        for key in claimable_keys(profile, MatchRule.STANDARD):  # one claim a key: one held elsewhere loses alone
            by_org.setdefault(profile["org_id"], []).append(KeyClaim(profile["contact_id"], (key,)))
    found = []
    for org_id, claims in by_org.items():
        for call in _one_claim_of_a_key_a_call(claims):
            for i, lost in crm.claim_keys(org_id, call).items():
                found.append(f"{org_id}: {lost.key.text()} of contact {call[i].contact_id} is held by {lost.holder}")
    return found


def _one_claim_of_a_key_a_call(claims: list[KeyClaim]) -> list[list[KeyClaim]]:
    """DynamoDB refuses a transaction acting twice on one item: two contacts claiming one key go in turn."""
    calls: list[list[KeyClaim]] = []
    for claim in claims:
        call = next((c for c in calls if all(claim.keys[0] != other.keys[0] for other in c)), None)
        if call is None:
            calls.append(call := [])
        call.append(claim)
    return calls


def main() -> None:
    args, table_name = command_line(__doc__, "backfill_match_keys", "RECORDS_TABLE")
    for line in backfill(CrmRecords(table_name), aws.table(table_name), args.cursor_file, args.page):
        print(line)


if __name__ == "__main__":
    main()
