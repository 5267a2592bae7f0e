"""Ids this system makes: ULIDs, which sort by the time they were made."""

import os
import time

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_id() -> str:
    """A ULID: 48 bits of milliseconds then 80 random bits, so ids sort by creation time."""
    value = (int(time.time() * 1000) << 80) | int.from_bytes(os.urandom(10), "big")
    return "".join(CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


def is_id(text: str) -> bool:
    """Whether text can be an id this system made (anything else is looked up nowhere)."""
    return len(text) == 26 and all(c in CROCKFORD for c in text)
