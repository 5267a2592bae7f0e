"""The imports table: one item per import (status and counters only), per-batch markers, saved mappings, one
item of settings per organisation.

ImportsTable is the only code that reads or writes it; now()/stamp()/parse_stamp() are the form its times take."""

from datetime import UTC, datetime
from enum import StrEnum
from functools import reduce
from operator import and_

from boto3.dynamodb.conditions import Attr, ConditionExpressionBuilder, Key
from botocore.exceptions import ClientError

from ..domain.gift_tally import NO_GIFTS, GiftTally
from ..domain.import_filter import NO_FILTER, ImportFilter, search_text
from ..domain.import_record import Import
from ..domain.lifecycle import COUNTING_STAGES as COUNTING
from ..domain.lifecycle import Transition
from . import aws
from .dynamo import plain, query_page, serialise

# record_batch adds into this map's entries (DynamoDB sets a nested path only under a map that exists; an import
# created before the map gets it on its first counted batch).
EVERY_IMPORT_HAS = {"gift_totals": {}}
# Only imports In Progress carry this attribute: the sparse ActiveImports index lists them for the watchdog.
ACTIVE = "IN_PROGRESS"
# The file name as a search compares it (DynamoDB's contains() minds case); imports created before it was kept
# are searched in their file name as it is until scripts/backfill_search_names gives them theirs.
SEARCH_NAME = "file_name_search"
IMPORT = "IMPORT#"  # the sort key of an import: this, then its id
# A filtered page reads at most this many imports, then gives its cursor: a search never reads the whole history.
MAX_READ = 500


def now() -> str:
    return stamp(datetime.now(UTC))


def stamp(moment: datetime) -> str:
    """The form every time on an import takes (UTC, milliseconds, "Z"): strings that sort as times do."""
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_stamp(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _org_pk(org_id: str) -> str:
    return f"ORG#{org_id}"


def _key(org_id: str, import_id: str) -> dict:
    return {"pk": _org_pk(org_id), "sk": IMPORT + import_id}


def _marker_key(import_id: str, attempt: int, batch_no: int) -> dict:
    return {"pk": f"IMPORT#{import_id}", "sk": f"BATCH#{attempt}#{batch_no:07d}"}


def _mapping_key(org_id: str, import_type: str, signature: str) -> dict:
    return {"pk": _org_pk(org_id), "sk": f"MAPPING#{import_type}#{signature}"}


def _settings_key(org_id: str) -> dict:
    return {"pk": _org_pk(org_id), "sk": "SETTINGS"}


def _record(item: dict) -> Import:
    fields = plain(item)
    if "gift_totals" in item:
        fields["gift_totals"] = dict(item["gift_totals"])  # money stays Decimal, never a float
    return Import.model_validate(fields)


def _sort_keys(chosen: ImportFilter) -> tuple[str, str] | None:
    """The sort keys of the imports of the filter's range of days (the key condition: only they are read)."""
    ids = chosen.id_range
    return (IMPORT + ids[0], IMPORT + ids[1]) if ids else None


def _filter_condition(chosen: ImportFilter):
    """The FilterExpression of a filtered page (None when nothing but the range of days is chosen)."""
    parts = []
    if chosen.text:
        parts.append(Attr(SEARCH_NAME).contains(search_text(chosen.text))
                     | (Attr(SEARCH_NAME).not_exists() & Attr("file_name").contains(chosen.text)))
    if chosen.import_type:
        parts.append(Attr("import_type").eq(chosen.import_type))
    if chosen.status:
        parts.append(Attr("status").eq(chosen.status))
    return reduce(and_, parts) if parts else None


def _of_attempt(attempt: int):
    """The import is at this attempt (imports created before attempts were recorded are at attempt 1)."""
    condition = Attr("attempt").eq(attempt)
    return condition | Attr("attempt").not_exists() if attempt == 1 else condition


def _update_expression(changes: dict) -> tuple[str, dict, dict]:
    names = {f"#{k}": k for k in changes}
    values = {f":{k}": v for k, v in changes.items()}
    return "SET " + ", ".join(f"#{k} = :{k}" for k in changes), names, values


def _expression(condition) -> tuple[str, dict, dict]:
    """A condition as a low-level client call takes it: (expression, names, serialised values)."""
    built = ConditionExpressionBuilder().build_expression(condition)
    return built.condition_expression, built.attribute_name_placeholders, built.attribute_value_placeholders


def _gift_totals_expression(gifts: GiftTally) -> tuple[str, dict, dict]:
    """SET clauses adding each currency's total into the gift_totals map (which every import is created and
    retried with; ADD takes top-level attributes only)."""
    clauses, names, values = [], {}, {}
    for i, (currency, total) in enumerate(sorted(gifts.totals.items())):
        names[f"#cur{i}"] = currency
        values[f":cur{i}"] = total
        clauses.append(f"gift_totals.#cur{i} = if_not_exists(gift_totals.#cur{i}, :zero) + :cur{i}")
    if clauses:
        values[":zero"] = 0
    return "".join(", " + c for c in clauses), names, values


def _lacks_gift_totals(error: ClientError) -> bool:
    """DynamoDB refuses a SET of a nested path under a map the item lacks (an import older than gift totals)."""
    return (error.response.get("Error", {}).get("Code") == "ValidationException"
            and "document path" in error.response["Error"].get("Message", ""))


class Counting(StrEnum):
    COUNTED = "counted"
    COUNTED_BEFORE = "counted before"  # a redelivery
    STALE = "stale"  # the import is at another attempt, or no longer validating or processing


COUNTING_STAGES = tuple(s.value for s in COUNTING)


class AppliesTransitions:
    """apply(), for an imports store with update() (the real one and the fakes share it)."""

    def apply(self, org_id: str, import_id: str, transition: Transition, changes: dict | None = None,
              attempt: int | None = None) -> bool:
        """Make the transition, with the caller's changes, as one conditional update; False when the import is
        not in a stage it leaves from (or, fenced, not at this attempt)."""
        if transition.fenced and attempt is None:
            raise ValueError(f"'{transition.name}' is fenced: it needs the attempt it belongs to")
        changes = {**transition.sets, **(changes or {}), **({"active": ACTIVE} if transition.opens else {})}
        return self.update(org_id, import_id, changes, from_stages=transition.from_stages,
                           remove=transition.removes + (("active",) if transition.closes else ()),
                           attempt=attempt if transition.fenced else None, absent=transition.absent)


class ImportsTable(AppliesTransitions):
    """The imports table, through clients made per thread (`clients`: data.aws, or a stand-in)."""

    def __init__(self, table_name: str, clients=aws):
        self.table_name, self.clients = table_name, clients

    def _table(self):
        return self.clients.table(self.table_name)

    def _update_if(self, **update) -> bool:
        """A conditional update_item; False when its condition was not met."""
        try:
            self._table().update_item(**update)
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def create(self, record: Import) -> None:
        item = {**_key(record.org_id, record.import_id), **EVERY_IMPORT_HAS, **record.item(), "active": ACTIVE,
                SEARCH_NAME: search_text(record.file_name), "updated_at": now()}
        self._table().put_item(Item=item, ConditionExpression=Attr("pk").not_exists())

    def get(self, org_id: str, import_id: str) -> Import | None:
        item = self._table().get_item(Key=_key(org_id, import_id), ConsistentRead=True).get("Item")
        return _record(item) if item else None

    def list_page(self, org_id: str, limit: int, cursor: str | None, chosen: ImportFilter = NO_FILTER,
                  max_read: int = MAX_READ) -> tuple[list[Import], str | None]:
        """A page of the imports (newest first) the filter takes; with a filter, a page may be short (even empty)
        and still have a cursor, when max_read imports were read before it filled."""
        items, next_cursor = query_page(self._table(), _org_pk(org_id), IMPORT, limit, cursor, newest_first=True,
                                        condition=_filter_condition(chosen), max_read=max_read,
                                        between=_sort_keys(chosen))
        return [_record(i) for i in items], next_cursor

    def give_search_name(self, org_id: str, import_id: str, file_name: str) -> bool:
        """An import created before its search name was kept gets it: that attribute alone is set, and only while
        the import has none and has this file name (so one is never overwritten, nor an import made or changed
        by it). False when it was not."""
        return self._update_if(
            Key=_key(org_id, import_id), UpdateExpression="SET #search = :search",
            ConditionExpression=Attr("file_name").eq(file_name) & Attr(SEARCH_NAME).not_exists(),
            ExpressionAttributeNames={"#search": SEARCH_NAME},
            ExpressionAttributeValues={":search": search_text(file_name)},
        )

    def update(self, org_id: str, import_id: str, changes: dict, from_stages: tuple[str, ...] | None = None,
               remove: tuple[str, ...] = (), attempt: int | None = None, absent: tuple[str, ...] = ()) -> bool:
        """Set (and remove) fields; with from_stages, only while the import is in one of them; with attempt,
        only while it is at that attempt; with absent, only while it lacks those fields.

        False when it was not."""
        expression, names, values = _update_expression({**changes, "updated_at": now()})
        if remove:
            names.update({f"#{k}": k for k in remove})
            expression += " REMOVE " + ", ".join(f"#{k}" for k in remove)
        condition = Attr("pk").exists()
        if from_stages:
            condition = condition & Attr("stage").is_in(list(from_stages))
        if attempt is not None:
            condition = condition & _of_attempt(attempt)
        for name in absent:
            condition = condition & Attr(name).not_exists()
        return self._update_if(
            Key=_key(org_id, import_id), UpdateExpression=expression, ExpressionAttributeNames=names,
            ExpressionAttributeValues=values, ConditionExpression=condition,
        )

    def stalled(self, before: str, limit: int = 200) -> list[tuple[str, str]]:
        """(org_id, import_id) of imports In Progress not updated since `before`, stalest first."""
        answer = self._table().query(
            IndexName="ActiveImports", Limit=limit,
            KeyConditionExpression=Key("active").eq(ACTIVE) & Key("updated_at").lt(before),
        )
        return [(i["pk"].removeprefix("ORG#"), i["sk"].removeprefix(IMPORT)) for i in answer["Items"]]

    def batch_counted(self, import_id: str, attempt: int, batch_no: int) -> bool:
        return "Item" in self._table().get_item(Key=_marker_key(import_id, attempt, batch_no), ConsistentRead=True)

    def record_batch(self, org_id: str, import_id: str, attempt: int, batch_no: int, processed: int,
                     failed: int, warned: int = 0, contacts: int = 0, gifts: GiftTally = NO_GIFTS) -> Counting:
        """Count a processed batch exactly once, into its own attempt: its marker and the counters (rows, rows
        imported with warnings (warned), its distinct contacts, its gifts by currency) move in one transaction, the
        counters only while the import is at the batch's attempt and stage."""
        key = _key(org_id, import_id)
        marker = {**_marker_key(import_id, attempt, batch_no), "processed": processed, "failed": failed,
                  "warned": warned, "at": now()}
        condition, names, condition_values = _expression(Attr("stage").is_in(list(COUNTING_STAGES))
                                                         & _of_attempt(attempt))
        totals, total_names, total_values = _gift_totals_expression(gifts)
        try:
            self.clients.client("dynamodb").transact_write_items(TransactItems=[
                {"Put": {"TableName": self.table_name, "Item": serialise(marker),
                         "ConditionExpression": "attribute_not_exists(pk)"}},
                {"Update": {
                    "TableName": self.table_name, "Key": serialise(key),
                    "UpdateExpression": "ADD rows_processed :p, rows_failed :f, rows_with_warnings :w, "
                                        "batches_done :one, contacts_seen :c, gift_count :g "
                                        "SET updated_at = :now" + totals,
                    "ConditionExpression": condition, "ExpressionAttributeNames": {**names, **total_names},
                    "ExpressionAttributeValues": serialise({":p": processed, ":f": failed, ":w": warned, ":one": 1,
                                                            ":c": contacts, ":g": gifts.count, ":now": now(),
                                                            **total_values, **condition_values}),
                }},
            ])
        except ClientError as error:
            if gifts.totals and _lacks_gift_totals(error):
                self._give_gift_totals(key)
                return self.record_batch(org_id, import_id, attempt, batch_no, processed, failed, warned, contacts,
                                         gifts)
            codes = [reason.get("Code") for reason in error.response.get("CancellationReasons") or []]
            if len(codes) == 2 and codes[1] == "ConditionalCheckFailed":
                return Counting.STALE
            if codes and codes[0] == "ConditionalCheckFailed":
                return Counting.COUNTED_BEFORE
            raise
        return Counting.COUNTED

    def _give_gift_totals(self, key: dict) -> None:
        """An import created before gift totals were counted gets their (empty) map, once."""
        self._table().update_item(Key=key, UpdateExpression="SET gift_totals = if_not_exists(gift_totals, :empty)",
                                  ExpressionAttributeValues={":empty": {}})

    def swap_content_hash(self, org_id: str, content_hash: str, import_id: str) -> dict | None:
        """Remember this import as the latest with this file content; returns the one before, if any."""
        answer = self._table().put_item(
            Item={"pk": _org_pk(org_id), "sk": f"HASH#{content_hash}", "import_id": import_id, "at": now()},
            ReturnValues="ALL_OLD",
        )
        old = answer.get("Attributes")
        return plain(old) if old else None

    def record_correction(self, org_id: str, import_id: str, correction_id: str, fixed: int) -> bool:
        """Count the rows a correcting import fixed on the import it corrects, once per correcting import."""
        return self._update_if(
            Key=_key(org_id, import_id),
            UpdateExpression="ADD errors_fixed :n, corrected_by :ids",
            ConditionExpression=Attr("pk").exists() & ~Attr("corrected_by").contains(correction_id),
            ExpressionAttributeValues={":n": fixed, ":ids": {correction_id}},
        )

    def save_mapping(self, org_id: str, import_type: str, signature: str, mapping: dict, options: dict) -> None:
        self._table().put_item(Item={**_mapping_key(org_id, import_type, signature),
                                     "mapping": mapping, "options": options, "saved_at": now()})

    def saved_mapping(self, org_id: str, import_type: str, signature: str) -> dict | None:
        item = self._table().get_item(Key=_mapping_key(org_id, import_type, signature)).get("Item")
        return plain(item) if item else None

    def settings(self, org_id: str) -> dict | None:
        item = self._table().get_item(Key=_settings_key(org_id), ConsistentRead=True).get("Item")
        return plain(item)["settings"] if item else None

    def put_settings(self, org_id: str, settings: dict) -> None:
        """The organisation's settings as a whole (a PUT replaces them: nothing is read to write them)."""
        self._table().put_item(Item={**_settings_key(org_id), "settings": settings, "saved_at": now()})
