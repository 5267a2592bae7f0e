"""Ids this system makes: ULIDs, which sort by the time they were made."""

import hashlib
import os
from datetime import UTC, datetime, timedelta
from functools import lru_cache

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PAIRS = [a + b for a in CROCKFORD for b in CROCKFORD]  # 10 bits a pair of characters: half the steps of one by one
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_MILLIS = (1 << 48) - 1
RANDOM_BITS = 80


def new_id(at: datetime | None = None) -> str:
    """A ULID: 48 bits of milliseconds (of now, or of `at`) then 80 random bits, so ids sort by creation time."""
    value = (_millis_at(at or datetime.now(UTC)) << RANDOM_BITS) | int.from_bytes(os.urandom(10), "big")
    return _text(value)


def first_id_at(moment: datetime) -> str:
    """The smallest ULID made in moment's millisecond (of any moment before 1970: the smallest there is)."""
    return _text(_millis_at(moment) << RANDOM_BITS)


def last_id_at(moment: datetime) -> str:
    """The largest ULID made in moment's millisecond."""
    return _text((_millis_at(moment) << RANDOM_BITS) | ((1 << RANDOM_BITS) - 1))


def _millis_at(moment: datetime) -> int:
    # Floored, as stamp() writes created_at: an import's id and its created_at name one millisecond.
    return min(max((moment - EPOCH) // timedelta(milliseconds=1), 0), MAX_MILLIS)


def id_of(made_with: str, *parts: str) -> str:
    """A ULID the same every time for the same parts: the time part of the id it is made with (so it sorts
    with it), then 80 bits of a hash of that id and the parts."""
    digest = int.from_bytes(hashlib.blake2b("\x1f".join((made_with, *parts)).encode(), digest_size=10).digest(),
                            "big")
    value = (_millis(made_with) << RANDOM_BITS) | digest
    return _text(value)


@lru_cache(maxsize=256)  # the ids made with one import's id: its time part is read once
def _millis(ulid: str) -> int:
    value = 0
    for char in ulid[:10].upper():
        value = value * 32 + CROCKFORD.index(char) if char in CROCKFORD else value * 32
    return value & ((1 << 48) - 1)


def _text(value: int) -> str:
    return "".join([PAIRS[(value >> shift) & 1023] for shift in range(120, -1, -10)])


def is_id(text: str) -> bool:
    """Whether text can be an id this system made (anything else is looked up nowhere)."""
    return len(text) == 26 and all(c in CROCKFORD for c in text)
