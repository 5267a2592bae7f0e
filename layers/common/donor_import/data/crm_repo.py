"""The records table: contacts, their external-id keys, and the donations, pledges and interactions under them.

Every contact is its own partition, so a million-row import spreads its writes instead of heating one key.
A profile is only ever updated in place (SET what a row carries, ADD its tags), never read and written
back whole, so parallel batches touching one contact keep every change.
"""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from boto3.dynamodb.conditions import Key

from ..domain.contacts import ProfileWrite
from ..domain.gifts import GiftIdentity, SameGift, SameTransaction
from ..domain.matching.keys import MatchKey
from . import aws
from .claims import Claim, claim
from .dynamo import batch_get, batch_write, plain, serialise
from .match_keys import KEY_SK, KeyClaim, LostKey, key_claim, key_of, lost_key, match_key_pk
from .transactions import write_groups

PROFILE = "PROFILE"
# Contacts whose donations are read at once (each thread with its own client).
DONATION_READERS = 8


def contact_pk(org_id: str, contact_id: str) -> str:
    return f"C#{org_id}#{contact_id}"


def gift_key(org_id: str, gift: GiftIdentity) -> str:
    if isinstance(gift, SameTransaction):
        return f"T#{org_id}#{gift.transaction_id}"
    return f"G#{org_id}#{gift.contact_id}#{gift.date}#{gift.amount}"


def _gift_identity(key: str) -> GiftIdentity:
    """The gift a gift key stands for (a transaction id may hold "#"; ids, dates and amounts do not)."""
    kind, _org_id, rest = key.split("#", 2)
    if kind == "T":
        return SameTransaction(rest)
    contact_id, date, amount = rest.rsplit("#", 2)
    return SameGift(contact_id, date, amount)


def gift_key_item(org_id: str, gift: GiftIdentity, marker: dict) -> dict:
    """The item that holds a gift for a record (marker: its record_id, import_id, source_row)."""
    return {"pk": gift_key(org_id, gift), "sk": "GIFT", **marker}


@dataclass(frozen=True)
class LostGift:
    """A gift claimed already: holder names the record that holds it (plain values), None when not known."""

    gift: GiftIdentity
    holder: dict | None


def lost_gift(key_item: dict, holder: dict | None) -> LostGift:
    """A gift key item that was not won, and the item as it stands."""
    return LostGift(_gift_identity(key_item["pk"]), holder)


def _public(item: dict) -> dict:
    """The item without its keys; money as a string with two decimals, never a float; tags (a string set)
    as a sorted list."""
    shown = {k: v for k, v in plain(item).items() if k not in ("pk", "sk", "amount", "tags")}
    if "amount" in item:
        shown["amount"] = f"{item['amount']:.2f}"
    if "tags" in item:
        shown["tags"] = sorted(item["tags"])
    return shown


def _profile_update(table_name: str, org_id: str, import_id: str, write: ProfileWrite, now: str) -> dict:
    """SET for the fields it sets, if_not_exists for those it fills, ADD for tags; created_at and
    created_by_import only when the profile is new."""
    given = {**write.sets, "contact_id": write.contact_id, "org_id": org_id, "updated_at": now}
    parts = [f"#s{i} = :s{i}" for i in range(len(given))]
    parts += [f"#g{i} = if_not_exists(#g{i}, :g{i})" for i in range(len(write.fills))]
    parts += ["#created_at = if_not_exists(#created_at, :now)", "#created_by = if_not_exists(#created_by, :import)"]
    names = {**{f"#s{i}": name for i, name in enumerate(given)},
             **{f"#g{i}": name for i, name in enumerate(write.fills)},
             "#created_at": "created_at", "#created_by": "created_by_import"}
    values = {**{f":s{i}": value for i, value in enumerate(given.values())},
              **{f":g{i}": value for i, value in enumerate(write.fills.values())}, ":now": now, ":import": import_id}
    expression = "SET " + ", ".join(parts)
    if write.tags:
        names["#tags"] = "tags"
        values[":tags"] = set(write.tags)
        expression += " ADD #tags :tags"
    return {"Update": {"TableName": table_name,
                       "Key": serialise({"pk": contact_pk(org_id, write.contact_id), "sk": PROFILE}),
                       "UpdateExpression": expression, "ExpressionAttributeNames": names,
                       "ExpressionAttributeValues": serialise(values)}}


def record_item(org_id: str, contact_id: str, kind: str, when: str, record: dict) -> dict:
    sk = f"{kind.upper()}#{when}#{record['record_id']}"
    return {"pk": contact_pk(org_id, contact_id), "sk": sk, "kind": kind, **record}


def _list_pk(org_id: str, list_id: str) -> str:
    return f"L#{org_id}#{list_id}"


class CrmRecords:
    """The records table, through clients made per thread (`clients`: data.aws, or a stand-in)."""

    def __init__(self, table_name: str, clients=aws):
        self.table_name, self.clients = table_name, clients

    def _dynamodb(self):
        return self.clients.client("dynamodb")

    def holders(self, org_id: str, keys: set[MatchKey]) -> dict[MatchKey, str]:
        """{key: the contact that holds it} for the keys held, read 100 keys a call."""
        wanted = [{"pk": match_key_pk(org_id, key), "sk": KEY_SK} for key in keys]
        return {key_of(item): item["contact_id"] for item in batch_get(self._dynamodb(), self.table_name, wanted)}

    def claim_keys(self, org_id: str, claims: list[KeyClaim]) -> dict[int, LostKey]:
        """Each claim's keys for its contact, all or none, in transactions of up to 100 conditional puts; the
        claims lost to another contact, by index (a contact re-claiming its own keys wins them)."""
        found = claim(self._dynamodb(), [key_claim(self.table_name, org_id, wanted) for wanted in claims])
        return {i: lost_key(lost.key, lost.holder and plain(lost.holder)) for i, lost in found.items()}

    def profiles(self, org_id: str, contact_ids: set[str]) -> dict[str, dict]:
        keys = [{"pk": contact_pk(org_id, c), "sk": PROFILE} for c in contact_ids]
        return {item["contact_id"]: _public(item) for item in batch_get(self._dynamodb(), self.table_name, keys)}

    def write_profiles(self, org_id: str, import_id: str, writes: list[ProfileWrite], now: str) -> None:
        """Each profile updated in place (or created), up to 100 in a transaction: never read and written back."""
        write_groups([[_profile_update(self.table_name, org_id, import_id, write, now)] for write in writes],
                     self._dynamodb())

    def gift_claim(self, org_id: str, gifts: list[GiftIdentity], marker: dict, donation: dict) -> Claim:
        """A donation's gifts, each held by its record (marker: record_id, import_id, source_row), and the
        donation item written only when every one is won."""
        return Claim(self.table_name, "record_id", [gift_key_item(org_id, gift, marker) for gift in gifts],
                     [donation])

    def claim_gifts(self, claims: list[Claim]) -> dict[int, LostGift]:
        """The claims lost to a gift imported already (by another row, batch or import), by index."""
        return {i: lost_gift(lost.key, lost.holder and plain(lost.holder))
                for i, lost in claim(self._dynamodb(), claims).items()}

    def write(self, items: list[dict]) -> None:
        batch_write(self._dynamodb(), self.table_name, items)

    def records_of(self, org_id: str, contact_id: str, kind: str) -> list[dict]:
        answer = self.clients.table(self.table_name).query(
            KeyConditionExpression=Key("pk").eq(contact_pk(org_id, contact_id)) & Key("sk").begins_with(kind.upper())
        )
        return [_public(i) for i in answer["Items"]]

    def create_list(self, org_id: str, list_id: str, meta: dict) -> None:
        """The list's item (its members are files: data.file_keys.list_members_key)."""
        batch_write(self._dynamodb(), self.table_name,
                    [{"pk": _list_pk(org_id, list_id), "sk": "META", "list_id": list_id, **meta}])

    def get_list(self, org_id: str, list_id: str) -> dict | None:
        key = {"pk": _list_pk(org_id, list_id), "sk": "META"}
        item = self.clients.table(self.table_name).get_item(Key=key).get("Item")
        return _public(item) if item else None

    def page_of_profiles(self, org_id: str, contact_ids: list[str]) -> list[dict]:
        found = self.profiles(org_id, set(contact_ids))
        return [found[c] for c in contact_ids if c in found]

    def donations_of(self, org_id: str, contact_ids: list[str]) -> dict[str, list[dict]]:
        """Each contact's donation records (one query per contact, a page's contacts in parallel)."""
        with ThreadPoolExecutor(max_workers=DONATION_READERS) as pool:
            found = pool.map(lambda c: self.records_of(org_id, c, "donation"), contact_ids)
            return dict(zip(contact_ids, found, strict=True))
