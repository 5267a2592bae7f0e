"""In-memory stand-ins for the stores (data/ports.py), for unit tests of the services: each keeps the conditions
its real store's writes carry (an import's stage and attempt, a batch counted once, a key taken once), so a
service that relies on them is tested against them."""

import copy
import gzip
import json
import os
import tempfile
from decimal import Decimal
from functools import partial

from donor_import.data.claims import Claim
from donor_import.data.crm_repo import LostGift, contact_pk, gift_key_item, lost_gift
from donor_import.data.imports_repo import (
    ACTIVE,
    COUNTING_STAGES,
    EVERY_IMPORT_HAS,
    MAX_READ,
    AppliesTransitions,
    Counting,
    now,
)
from donor_import.data.match_keys import KEY_SK, KeyClaim, LostKey, key_of, match_key_item, match_key_pk
from donor_import.data.stores import Stores
from donor_import.domain.contacts import ProfileWrite
from donor_import.domain.gift_tally import NO_GIFTS, GiftTally
from donor_import.domain.gifts import GiftIdentity
from donor_import.domain.import_filter import NO_FILTER, ImportFilter, search_text
from donor_import.domain.import_record import Import
from donor_import.domain.matching.keys import MatchKey

IMMUTABLE = (str, int, float, Decimal, type(None), frozenset)


def _copied(value):
    """copy.deepcopy of an item's plain values (dicts, lists, strings, numbers), without deepcopy's bookkeeping of
    what it copied: the fake CRM copies every item in and out, which was half its time in bench.matching (the real
    store serialises instead). Anything else is deep-copied as before."""
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item) for item in value]
    return value if isinstance(value, IMMUTABLE) else copy.deepcopy(value)


def _taken(chosen: ImportFilter, record: Import) -> bool:
    """Whether the filter takes the import, as the table's FilterExpression decides it (imports_repo)."""
    return ((not chosen.text or search_text(chosen.text) in search_text(record.file_name))
            and (not chosen.import_type or record.import_type == chosen.import_type)
            and (not chosen.status or record.status == chosen.status))


def _in_range(chosen: ImportFilter, import_id: str) -> bool:
    """Whether the import is among those the range of days reads, as the table's key condition decides it."""
    return chosen.id_range is None or chosen.id_range[0] <= import_id <= chosen.id_range[1]


class FakeImports(AppliesTransitions):
    def __init__(self):
        self.items: dict[tuple[str, str], dict] = {}
        self.markers: dict[tuple[str, int, int], dict] = {}
        self.hashes: dict[tuple[str, str], dict] = {}
        self.mappings: dict[tuple[str, str, str], dict] = {}
        self.org_settings: dict[str, dict] = {}

    def create(self, record: Import) -> None:
        key = (record.org_id, record.import_id)
        if key in self.items:
            raise ValueError(f"import {key} exists")
        self.items[key] = {**copy.deepcopy(EVERY_IMPORT_HAS), **record.item(), "active": ACTIVE, "updated_at": now()}

    def get(self, org_id: str, import_id: str) -> Import | None:
        item = self.items.get((org_id, import_id))
        return Import.model_validate(copy.deepcopy(item)) if item else None

    def list_page(self, org_id: str, limit: int, cursor: str | None, chosen: ImportFilter = NO_FILTER,
                  max_read: int = MAX_READ) -> tuple[list[Import], str | None]:
        """Like the table: only the imports of the range of days older than the cursor are read; a filtered page
        reads at most max_read of them (or limit + 1), then gives its cursor."""
        ids = sorted((i for o, i in self.items if o == org_id and _in_range(chosen, i) and (not cursor or i < cursor)),
                     reverse=True)
        read = ids[:max(max_read, limit + 1) if chosen != NO_FILTER else limit + 1]
        found = [record for record in map(partial(self.get, org_id), read) if _taken(chosen, record)]
        if len(found) > limit:
            return found[:limit], found[limit - 1].import_id
        return found, read[-1] if len(read) < len(ids) else None

    def _matches(self, item: dict, from_stages, attempt) -> bool:
        return (not from_stages or item["stage"] in from_stages) and (
            attempt is None or item.get("attempt", 1) == attempt)

    def update(self, org_id: str, import_id: str, changes: dict, from_stages: tuple[str, ...] | None = None,
               remove: tuple[str, ...] = (), attempt: int | None = None, absent: tuple[str, ...] = ()) -> bool:
        item = self.items.get((org_id, import_id))
        if item is None or not self._matches(item, from_stages, attempt) or any(name in item for name in absent):
            return False
        item.update(copy.deepcopy(changes), updated_at=now())
        for name in remove:
            item.pop(name, None)
        return True

    def stalled(self, before: str, limit: int = 200) -> list[tuple[str, str]]:
        found = sorted((item["updated_at"], key) for key, item in self.items.items()
                       if item.get("active") == ACTIVE and item["updated_at"] < before)
        return [key for _, key in found[:limit]]

    def batch_counted(self, import_id: str, attempt: int, batch_no: int) -> bool:
        return (import_id, attempt, batch_no) in self.markers

    def record_batch(self, org_id: str, import_id: str, attempt: int, batch_no: int, processed: int,
                     failed: int, warned: int = 0, contacts: int = 0, gifts: GiftTally = NO_GIFTS) -> Counting:
        item = self.items.get((org_id, import_id))
        if item is None or not self._matches(item, COUNTING_STAGES, attempt):
            return Counting.STALE
        if (import_id, attempt, batch_no) in self.markers:
            return Counting.COUNTED_BEFORE
        self.markers[(import_id, attempt, batch_no)] = {"processed": processed, "failed": failed, "warned": warned}
        for name, value in (("rows_processed", processed), ("rows_failed", failed), ("rows_with_warnings", warned),
                            ("batches_done", 1), ("contacts_seen", contacts), ("gift_count", gifts.count)):
            item[name] = item.get(name, 0) + value
        totals = item["gift_totals"]  # as in DynamoDB, the map must exist (every import is created with it)
        for currency, total in gifts.totals.items():
            totals[currency] = Decimal(totals.get(currency, 0)) + total
        item["updated_at"] = now()
        return Counting.COUNTED

    def swap_content_hash(self, org_id: str, content_hash: str, import_id: str) -> dict | None:
        before = self.hashes.get((org_id, content_hash))
        self.hashes[(org_id, content_hash)] = {"import_id": import_id, "at": now()}
        return before

    def record_correction(self, org_id: str, import_id: str, correction_id: str, fixed: int) -> bool:
        item = self.items.get((org_id, import_id))
        if item is None or correction_id in item.get("corrected_by", set()):
            return False
        item["errors_fixed"] = item.get("errors_fixed", 0) + fixed
        item["corrected_by"] = {*item.get("corrected_by", set()), correction_id}
        return True

    def save_mapping(self, org_id: str, import_type: str, signature: str, mapping: dict, options: dict) -> None:
        self.mappings[(org_id, import_type, signature)] = {"mapping": copy.deepcopy(mapping),
                                                            "options": copy.deepcopy(options)}

    def saved_mapping(self, org_id: str, import_type: str, signature: str) -> dict | None:
        return copy.deepcopy(self.mappings.get((org_id, import_type, signature)))

    def settings(self, org_id: str) -> dict | None:
        return copy.deepcopy(self.org_settings.get(org_id))

    def put_settings(self, org_id: str, settings: dict) -> None:
        self.org_settings[org_id] = copy.deepcopy(settings)


class FakeCrm:
    """Records by (pk, sk), as the real table keys them; gift keys taken once, by their record. Counts the calls
    that would reach DynamoDB (requests), to show a dropped batch makes none."""

    def __init__(self):
        self.requests = 0
        self.items: dict[tuple[str, str], dict] = {}
        self.profile_by_id: dict[tuple[str, str], dict] = {}
        self.created_by: dict[tuple[str, str], str] = {}
        self.lists: dict[tuple[str, str], dict] = {}

    def holders(self, org_id: str, keys: set[MatchKey]) -> dict[MatchKey, str]:
        self.requests += 1
        found = (self.items.get((match_key_pk(org_id, key), KEY_SK)) for key in keys)
        return {key_of(item): item["contact_id"] for item in found if item}

    def claim_keys(self, org_id: str, claims: list[KeyClaim]) -> dict[int, LostKey]:
        """Claims decided one after another, each all or none; a key held by another contact is lost. One key in
        two claims of a call is refused, as DynamoDB refuses a transaction acting twice on one item."""
        self.requests += 1
        wanted = [key for claim in claims for key in claim.keys]
        if len(wanted) != len(set(wanted)):
            raise ValueError("one match key claimed twice in one call")
        lost = {}
        for index, claim in enumerate(claims):
            items = [match_key_item(org_id, key, claim.contact_id) for key in claim.keys]
            taken = next((self.items[(i["pk"], i["sk"])] for i in items if (i["pk"], i["sk"]) in self.items
                          and self.items[(i["pk"], i["sk"])]["contact_id"] != claim.contact_id), None)
            if taken:
                lost[index] = LostKey(key_of(taken), taken["contact_id"])
            else:
                self.write(items)
        return lost

    def profiles(self, org_id: str, contact_ids: set[str]) -> dict[str, dict]:
        return {c: _copied(self.profile_by_id[(org_id, c)]) for c in contact_ids
                if (org_id, c) in self.profile_by_id}

    def write_profiles(self, org_id: str, import_id: str, writes: list[ProfileWrite], at: str) -> None:
        """SET, if_not_exists and ADD, as the real store's update expression does."""
        self.requests += 1
        for write in writes:
            key = (org_id, write.contact_id)
            self.created_by.setdefault(key, import_id)
            profile = self.profile_by_id.setdefault(key, {"contact_id": write.contact_id, "org_id": org_id})
            profile.update(_copied(write.sets), updated_at=at)
            for name, value in write.fills.items():
                profile.setdefault(name, _copied(value))
            if write.tags:
                profile["tags"] = sorted({*profile.get("tags", []), *write.tags})

    def gift_claim(self, org_id: str, gifts: list[GiftIdentity], marker: dict, donation: dict) -> Claim:
        return Claim("records", "record_id", [gift_key_item(org_id, gift, marker) for gift in gifts], [donation])

    def claim_gifts(self, claims: list[Claim]) -> dict[int, LostGift]:
        """Claims decided one after another; one key in two claims of a call is refused, as DynamoDB refuses a
        transaction acting twice on one item (the processor finds a batch's own duplicates first)."""
        self.requests += 1
        wanted = [key["pk"] for claim in claims for key in claim.keys]
        if len(wanted) != len(set(wanted)):
            raise ValueError("one gift key claimed twice in one call")
        lost = {}
        for index, claim in enumerate(claims):
            held = next((k for k in claim.keys if (k["pk"], k["sk"]) in self.items
                         and self.items[(k["pk"], k["sk"])]["record_id"] != k["record_id"]), None)
            if held:
                lost[index] = lost_gift(held, _copied(self.items[(held["pk"], held["sk"])]))
            else:
                self.write([*claim.keys, *claim.items])
        return lost

    def write(self, items: list[dict]) -> None:
        self.requests += 1
        for item in items:
            self.items[(item["pk"], item["sk"])] = _copied(item)

    def records(self, kind: str) -> list[dict]:
        """Every donation, pledge or interaction written, of any contact."""
        return [item for item in self.items.values() if item.get("kind") == kind]

    def records_of(self, org_id: str, contact_id: str, kind: str) -> list[dict]:
        pk = contact_pk(org_id, contact_id)
        return [_copied(item) for (p, s), item in sorted(self.items.items())
                if p == pk and s.startswith(kind.upper())]

    def create_list(self, org_id: str, list_id: str, meta: dict) -> None:
        self.lists[(org_id, list_id)] = {"list_id": list_id, **meta}

    def get_list(self, org_id: str, list_id: str) -> dict | None:
        return _copied(self.lists.get((org_id, list_id)))

    def page_of_profiles(self, org_id: str, contact_ids: list[str]) -> list[dict]:
        found = self.profiles(org_id, set(contact_ids))
        return [found[c] for c in contact_ids if c in found]

    def donations_of(self, org_id: str, contact_ids: list[str]) -> dict[str, list[dict]]:
        return {c: self.records_of(org_id, c, "donation") for c in contact_ids}


class FakeFiles:
    """Objects by key, as bytes (JSON kept gzipped as the real store writes it)."""

    def __init__(self):
        self.objects: dict[str, bytes] = {}
        self.downloaded: list[str] = []

    def presigned_upload(self, key: str, content_type: str | None = None) -> dict:
        return {"url": "https://files.example/", "fields": {"key": key, "Content-Type": content_type}}

    def presigned_download(self, key: str, disposition: str, version_id: str | None = None) -> str:
        return f"https://files.example/{key}?version={version_id}"

    def head(self, key: str, version_id: str | None = None) -> dict | None:
        return {"ContentLength": len(self.objects[key])} if key in self.objects else None

    def download(self, key: str, suffix: str = "", version_id: str | None = None) -> str:
        handle, path = tempfile.mkstemp(suffix=suffix)
        with os.fdopen(handle, "wb") as out:
            out.write(self.objects[key])
        self.downloaded.append(path)
        return path

    def upload_file(self, path: str, key: str, content_type: str) -> None:
        with open(path, "rb") as data:
            self.objects[key] = data.read()

    def put_json(self, key: str, value) -> None:
        self.objects[key] = gzip.compress(json.dumps(value).encode())

    def get_json(self, key: str):
        return json.loads(gzip.decompress(self.objects[key]))

    def keys(self, prefix: str):
        yield from sorted(k for k in self.objects if k.startswith(prefix))


class FakeQueues:
    """What was sent, by queue."""

    def __init__(self):
        self.batches: list[dict] = []
        self.validations: list[dict] = []
        self.finalizations: list[dict] = []

    def send_batches(self, bodies: list[dict]) -> None:
        self.batches += copy.deepcopy(bodies)

    def request_validation(self, org_id: str, import_id: str, retries: int = 0, delay_seconds: int = 0) -> None:
        self.validations.append({"org_id": org_id, "import_id": import_id, "retries": retries,
                                 "delay_seconds": delay_seconds})

    def request_finalization(self, org_id: str, import_id: str, attempt: int) -> None:
        self.finalizations.append({"org_id": org_id, "import_id": import_id, "attempt": attempt})


def fake_stores() -> Stores:
    return Stores(imports=FakeImports(), crm=FakeCrm(), files=FakeFiles(), queues=FakeQueues())
