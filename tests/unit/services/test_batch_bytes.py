"""A batch message, its header included, stays within what SQS takes: the organisation's lists (up to MAX_NAMES
campaigns and funds of MAX_NAME_CHARS) travel in every batch's context and leave the rows less room."""

import json
import random
import string

from donor_import.config import settings
from donor_import.domain.import_types import ImportType
from donor_import.domain.org_lists import MAX_NAME_CHARS, MAX_NAMES
from donor_import.domain.row_validation import RowValidator
from donor_import.services.row_stream import MAX_MESSAGE_BYTES, Batcher

from .helpers import an_import


def _names(prefix: str) -> list[str]:
    return [f"{prefix} {n} ".ljust(MAX_NAME_CHARS, "x") for n in range(MAX_NAMES)]


def test_every_message_with_the_longest_lists_fits_the_cap(stores, monkeypatch):
    monkeypatch.setenv("BATCH_ROWS", "1000")
    settings.cache_clear()
    record = an_import(stores, import_type="donations")
    context = {"lists": {"campaign": _names("Campaign"), "fund": _names("Fund")}}
    validator = RowValidator(ImportType.DONATIONS, [(0, "email"), (1, "notes")], context)
    batcher = Batcher(stores.queues, record, validator, 0)
    noise = random.Random(16)
    for number in range(2, 1002):  # incompressible cells: the rows alone need more than one message
        batcher.add(number, [f"d{number}@example.org", "".join(noise.choices(string.ascii_letters, k=300))])
    batcher.flush()
    sizes = [len(json.dumps(body, separators=(",", ":"))) for body in stores.queues.batches]
    assert len(sizes) > 1 and max(sizes) <= MAX_MESSAGE_BYTES, sizes
