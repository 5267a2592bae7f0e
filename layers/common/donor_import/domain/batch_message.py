"""The rows of a batch as they travel on SQS: gzipped JSON in base64, about a fifth of the plain size.

Compression level 1: a quarter of level 6's time (it runs for every row of a file) for ~15 % more bytes."""

import base64
import gzip
import json


def encode_rows(rows: list[dict]) -> str:
    return base64.b64encode(gzip.compress(json.dumps(rows, separators=(",", ":")).encode(), 1)).decode()


def decode_rows(payload: str) -> list[dict]:
    return json.loads(gzip.decompress(base64.b64decode(payload)))
