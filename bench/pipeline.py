"""The project's entry points the benchmarks call, in one place: adapt here when the pipeline changes shape.

- validate_rows: the validator's path from file to batches: read_table, then services/validation_run._validate_part
  (the RowValidator, date orders learnt from the first rows, row_stream.stream_rows).
- pipeline_verdicts: the pipeline's own final verdict on a phone and an email cell.
- moto_stack: the template's resources in moto in-process, as tests/integration/conftest.py builds them.
"""

import inspect
import os
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from donor_import.data.stores import build
from donor_import.domain import values
from donor_import.domain.import_types import type_spec
from donor_import.domain.reader import read_table
from donor_import.services import row_stream, validation_run
from local.wrapping import overriding

from .data import CONTACT_MAPPING, HEADERS

# What the validator needs from the environment when nothing is sent anywhere (the validator bench stubs AWS).
STUB_ENV = {
    "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1",
    "IMPORTS_TABLE": "bench-imports", "RECORDS_TABLE": "bench-records", "FILES_BUCKET": "bench-files",
    "BATCH_QUEUE_URL": "https://sqs.us-east-1.amazonaws.com/123456789012/bench-batches",
    "VALIDATION_QUEUE_URL": "https://sqs.us-east-1.amazonaws.com/123456789012/bench-validation",
    "FINALIZE_QUEUE_URL": "https://sqs.us-east-1.amazonaws.com/123456789012/bench-finalize",
    "POWERTOOLS_TRACE_DISABLED": "true", "POWERTOOLS_METRICS_DISABLED": "true", "POWERTOOLS_LOG_LEVEL": "WARNING",
}


def contacts_mapping(headers: list[str] = HEADERS) -> dict:
    """The full mapping of the 15 columns: the 12 the contacts type has fields for, and whatever the project
    suggests for the other three (None today: contacts have no date, amount or source field)."""
    from donor_import.domain import mapping as mappings

    suggested = mappings.suggest(headers, type_spec("contacts"))
    taken = set(CONTACT_MAPPING.values())
    return {h: CONTACT_MAPPING.get(h) or (suggested.get(h) if suggested.get(h) not in taken else None)
            for h in headers}


def validate_rows(path: Path, file_name: str, limit: int | None, record):
    """Read the file and run the validator's part on its rows (the first `limit`) for the import `record`:
    services/validation_run's _validate_part, which builds the RowValidator, learns the date orders and calls
    row_stream.stream_rows. Returns the row_stream.Progress. AWS calls go wherever botocore is pointed (the caller
    stubs or mocks them).

    _validate_part is private: its arguments are matched by name, so an added or dropped one is not fatal."""
    table = read_table(str(path), file_name)
    if limit:
        table.rows = islice(table.rows, limit)
    progress = row_stream.Progress()
    failures = []

    def apply(org_id, import_id, transition, changes=None, attempt=None):
        if (changes or {}).get("failure_reason"):
            failures.append(changes["failure_reason"])
        return real.apply(org_id, import_id, transition, changes, attempt)

    real = build().imports
    stores = overriding(build(), imports={"apply": apply})
    offered = {"stores": stores, "record": record, "table": table, "progress": progress, "first": True, "part": 0,
               "time_left": lambda: float("inf")}
    wanted = inspect.signature(validation_run._validate_part).parameters
    missing = [name for name, parameter in wanted.items()
               if name not in offered and parameter.default is inspect.Parameter.empty]
    if missing:
        raise RuntimeError(f"validation_run._validate_part wants {missing}: adapt bench/pipeline.validate_rows")
    finished = validation_run._validate_part(**{name: offered[name] for name in wanted if name in offered})
    if finished is None or failures:
        raise RuntimeError(f"the validator failed the import: {failures}")
    if not finished:
        raise RuntimeError("the validator stopped at a checkpoint with unlimited time")
    return progress


def _blank(cell: str) -> bool:
    return not cell.strip()


def pipeline_verdicts(phone: str, email: str, region: str = "US") -> tuple[bool | None, bool | None]:
    """(phone accepted?, email accepted?) by the pipeline's own parsers; None for a blank cell (not judged:
    a blank optional cell is skipped, as the row models do). Today the validator decides both with
    values.parse_phone / values.parse_email; if that moves (to the processor, say), change this function."""
    def accepted(parse, cell: str, *args) -> bool | None:
        if _blank(cell):
            return None
        try:
            parse(cell, *args)
        except ValueError:
            return False
        return True

    return accepted(values.parse_phone, phone, region), accepted(values.parse_email, email)


def reference_verdicts(phone: str, email: str, region: str = "US") -> tuple[bool | None, bool | None]:
    """What the libraries say on their own: phonenumbers.parse(region) + is_valid_number, and
    email_validator.validate_email(check_deliverability=False); on the cell as a person sees it (stripped)."""
    import phonenumbers
    from email_validator import EmailNotValidError, validate_email

    phone_ok = email_ok = None
    if not _blank(phone):
        try:
            phone_ok = phonenumbers.is_valid_number(phonenumbers.parse(phone.strip(), region))
        except phonenumbers.NumberParseException:
            phone_ok = False
    if not _blank(email):
        try:
            validate_email(email.strip(), check_deliverability=False)
            email_ok = True
        except EmailNotValidError:
            email_ok = False
    return phone_ok, email_ok


TEST_ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
            "POWERTOOLS_TRACE_DISABLED": "true", "POWERTOOLS_METRICS_DISABLED": "true",
            "POWERTOOLS_LOG_LEVEL": "WARNING"}


@contextmanager
def moto_stack():
    """The template's resources in moto in-process (DynamoDB requests as atomic as the service's), the
    functions' environment set; yields the refs."""
    from moto import mock_aws

    from local import atomic_dynamodb, resources
    from local.lambdas import set_environment
    from local.template import functions, load

    os.environ.update(TEST_ENV)
    os.environ.pop("AWS_ENDPOINT_URL", None)
    atomic_dynamodb.install()  # moto's transactions otherwise copy the whole table once per action (gigabytes)
    with mock_aws():
        template = load()
        refs = resources.create_all(template, {}, visibility_timeout=0)
        set_environment(functions(template), refs, {"POWERTOOLS_LOG_LEVEL": "WARNING"})
        yield refs
