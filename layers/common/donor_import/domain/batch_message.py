"""A batch of rows as it travels on SQS: which import and attempt it belongs to, its number, how to validate its
rows (the mapping compiled to columns, and the file's context), and the rows themselves.

The rows go as gzipped JSON in base64, about a fifth of the plain size. Compression level 1: a quarter of
level 6's time (it runs for every row of a file) for ~15 % more bytes."""

import base64
import gzip
import json
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from .import_types import ImportType


def encode_rows(rows: list[list]) -> str:
    return base64.b64encode(gzip.compress(json.dumps(rows, separators=(",", ":")).encode(), 1)).decode()


def decode_rows(payload: str) -> list[list]:
    return json.loads(gzip.decompress(base64.b64decode(payload)))


@dataclass(frozen=True)
class SourceRow:
    """A row of the file as the validator sent it: its number, its cells and, for a row the validator rejected
    already (a cell over the cell limit), its problems as (header, reason) pairs."""

    number: int
    cells: list[str]
    problems: list[tuple[str | None, str]] | None = None


class BatchMessage(BaseModel):
    """The body of a message on the batch queue. Fields a later version adds are ignored, and a message sent
    before `attempt` existed is of attempt 1, so messages queued at deploy time still parse."""

    model_config = ConfigDict(frozen=True)

    org_id: str
    import_id: str
    import_type: ImportType
    batch_no: int
    attempt: int = 1
    columns: list[tuple[int, str]]
    context: dict
    rows: str  # encode_rows of [number, cells] or [number, cells, problems] lists

    def source_rows(self) -> list[SourceRow]:
        return [SourceRow(number, cells, *found) for number, cells, *found in decode_rows(self.rows)]
