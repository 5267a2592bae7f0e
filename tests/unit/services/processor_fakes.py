"""In-memory stores for the processor's unit tests, with the method names of the real ones (data/stores.py).

Minimal: what process_batch, give_up_batch and finalize_if_complete call. The gift claims keep the real rule (a
key is won when free or held by the same record already); profiles are created or updated, not merged field by
field. To be folded into the shared fakes (tests/fakes.py) when those exist."""

import copy
from dataclasses import dataclass, field

from donor_import.data import crm_repo
from donor_import.data.claims import Claim, Lost
from donor_import.data.imports_repo import COUNTING_STAGES, Counting
from donor_import.data.stores import Stores


@dataclass
class FakeImports:
    records: dict[tuple[str, str], dict] = field(default_factory=dict)
    markers: dict[tuple[str, int, int], dict] = field(default_factory=dict)  # (import_id, attempt, batch_no)

    def create(self, record: dict) -> None:
        self.records[record["org_id"], record["import_id"]] = copy.deepcopy(record)

    def get(self, org_id: str, import_id: str) -> dict | None:
        return copy.deepcopy(self.records.get((org_id, import_id)))

    def update(self, org_id: str, import_id: str, changes: dict, from_stages: tuple[str, ...] | None = None,
               remove: tuple[str, ...] = (), attempt: int | None = None) -> bool:
        record = self.records.get((org_id, import_id))
        if (record is None or (from_stages is not None and record["stage"] not in from_stages)
                or (attempt is not None and record.get("attempt", 1) != attempt)):
            return False
        record.update(copy.deepcopy(changes))
        for name in remove:
            record.pop(name, None)
        return True

    def batch_counted(self, import_id: str, attempt: int, batch_no: int) -> bool:
        return (import_id, attempt, batch_no) in self.markers

    def record_batch(self, org_id: str, import_id: str, attempt: int, batch_no: int, processed: int,
                     failed: int) -> Counting:
        record = self.records[org_id, import_id]
        if record["stage"] not in COUNTING_STAGES or record.get("attempt", 1) != attempt:
            return Counting.STALE
        if self.batch_counted(import_id, attempt, batch_no):
            return Counting.COUNTED_BEFORE
        self.markers[import_id, attempt, batch_no] = {"processed": processed, "failed": failed}
        record["rows_processed"] += processed
        record["rows_failed"] += failed
        record["batches_done"] += 1
        return Counting.COUNTED


@dataclass
class FakeCrm:
    items: dict[tuple[str, str], dict] = field(default_factory=dict)  # (pk, sk) -> item
    created_by: dict[str, str] = field(default_factory=dict)  # contact_id -> the import that created its profile
    profile_fields: dict[str, dict] = field(default_factory=dict)
    requests: int = 0  # calls that would reach DynamoDB, to show a dropped batch makes none

    def contacts_by_external_id(self, org_id: str, external_ids: set[str]) -> dict[str, str]:
        self.requests += 1
        keys = {crm_repo.external_key_item(org_id, e, "")["pk"] for e in external_ids}
        return {i["external_id"]: i["contact_id"] for (pk, _), i in self.items.items() if pk in keys}

    def update_profiles(self, org_id: str, import_id: str, changes: dict[str, dict], now: str) -> dict[str, str]:
        self.requests += 1
        outcomes = {}
        for contact_id, fields in changes.items():
            owner = self.created_by.setdefault(contact_id, import_id)
            outcomes[contact_id] = "created" if owner == import_id else "updated"
            self.profile_fields.setdefault(contact_id, {}).update(fields)
        return outcomes

    def gift_claim(self, keys: list[str], marker: dict, donation: dict) -> Claim:
        return Claim("records", "record_id", [{"pk": key, "sk": "GIFT", **marker} for key in keys], [donation])

    def claim_gifts(self, claims: list[Claim]) -> dict[int, Lost]:
        """Claims decided one after another; one key in two claims of a call is refused, as DynamoDB refuses a
        transaction acting twice on one item (the processor finds a batch's own duplicates first)."""
        self.requests += 1
        wanted = [key["pk"] for claim in claims for key in claim.keys]
        if len(wanted) != len(set(wanted)):
            raise ValueError("one gift key claimed twice in one call")
        lost = {}
        for i, claim in enumerate(claims):
            if taken := [(key, holder) for key in claim.keys if (holder := self._holder(key))]:
                lost[i] = Lost(*taken[0])
            else:
                self.write([*claim.keys, *claim.items])
        return lost

    def _holder(self, key: dict) -> dict | None:
        """The item holding a gift key for another record, if any."""
        held = self.items.get((key["pk"], key["sk"]))
        return copy.deepcopy(held) if held and held["record_id"] != key["record_id"] else None

    def write(self, items: list[dict]) -> None:
        self.requests += 1
        self.items.update({(item["pk"], item["sk"]): copy.deepcopy(item) for item in items})

    def records(self, kind: str) -> list[dict]:
        return [item for item in self.items.values() if item.get("kind") == kind]


@dataclass
class FakeFiles:
    objects: dict[str, object] = field(default_factory=dict)

    def put_json(self, key: str, value) -> None:
        self.objects[key] = copy.deepcopy(value)

    def get_json(self, key: str):
        return copy.deepcopy(self.objects[key])

    def keys(self, prefix: str):
        return iter(sorted(k for k in self.objects if k.startswith(prefix)))


@dataclass
class FakeQueues:
    finalizations: list[tuple[str, str, int]] = field(default_factory=list)

    def request_finalization(self, org_id: str, import_id: str, attempt: int) -> None:
        self.finalizations.append((org_id, import_id, attempt))


def fake_stores() -> Stores:
    return Stores(imports=FakeImports(), crm=FakeCrm(), files=FakeFiles(), queues=FakeQueues())
