"""One file's external ids, read in file order by the validation run: an id reused for a clearly different person.

A members file may give one member id to different people (another name, and not the same email). The first
person seen with the id keeps it; every later row with the id and a clearly different person is a conflict —
decided by the order of the file, so the outcome does not depend on how rows fall into batches.

Memory is bounded: each distinct external id takes one 28-byte slot of an open-addressing table (a 64-bit hash of
the id; of its first person the first 12 letters of the given names, a 32-bit hash of the email, the row number),
kept at most half full: 28-56 bytes an id, 29-59 MB for 1,000,000 distinct ids. The state (`to_dict`) is that
table, compressed, for a checkpoint. Two ids whose 64-bit hashes collide are taken for one (for a million ids,
about one file in 36 million).
"""

import base64
import hashlib
import struct
import zlib

from . import features, names
from .decisions import Conflict

GIVEN = 12  # letters of the given names kept
SLOT = struct.Struct(f"<Q{GIVEN}sII")  # id hash, given names, email hash, row number
START = 1024
EMPTY = 0


def _hash(text: str, bits: int) -> int:
    digest = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
    return (digest >> (64 - bits)) or 1  # 0 is kept for "nothing": an empty slot, an absent email


def _given(person: dict) -> bytes:
    name = features.of(person).name
    return name.given_key.encode()[:GIVEN] if name else b""


def _email(person: dict) -> int:
    address = features.of(person).email
    return _hash(address, 32) if address else 0


def _clearly_different(first: tuple[bytes, int], later: tuple[bytes, int]) -> bool:
    """Given names that are not one name, a nickname or an initial of it (as `names.contradict`, on the first 12
    letters), and not the same email."""
    (given_a, email_a), (given_b, email_b) = first, later
    if email_a and email_a == email_b:
        return False
    return names.contradict(names.Name(_givens(given_a), ""), names.Name(_givens(given_b), ""))


def _givens(stored: bytes) -> tuple[str, ...]:
    text = stored.rstrip(b"\0").decode(errors="ignore")
    return tuple(text.split("&")) if text else ()


class FileLedger:
    def __init__(self, slots: int = START, table: bytearray | None = None, used: int = 0):
        self.slots = slots
        self.table = table if table is not None else bytearray(slots * SLOT.size)
        self.used = used

    def observe(self, row_number: int, person: dict) -> Conflict | None:
        """Feed each valid row in file order; a Conflict for a row whose external id names someone else."""
        external_id = (person.get("external_id") or "").strip()
        if not external_id:
            return None
        key, seen = _hash(external_id, 64), (_given(person), _email(person))
        slot = self._find(key)
        stored_key, given, address, first_row = SLOT.unpack_from(self.table, slot * SLOT.size)
        if stored_key == EMPTY:
            SLOT.pack_into(self.table, slot * SLOT.size, key, *seen, row_number)
            self.used += 1
            self._grow_if_full()
            return None
        if _clearly_different((given, address), seen):
            return Conflict(f"external id {external_id!r} is row {first_row}'s, a different person "
                            "(another name and email)", ())
        return None

    def _find(self, key: int) -> int:
        """The slot holding the key, or the empty slot where it goes (linear probing)."""
        slot = key % self.slots
        while True:
            stored = SLOT.unpack_from(self.table, slot * SLOT.size)[0]
            if stored in (EMPTY, key):
                return slot
            slot = (slot + 1) % self.slots

    def _grow_if_full(self) -> None:
        if self.used * 2 <= self.slots:
            return
        old = self.table
        self.slots *= 2
        self.table = bytearray(self.slots * SLOT.size)
        for key, *values in SLOT.iter_unpack(old):
            if key != EMPTY:
                SLOT.pack_into(self.table, self._find(key) * SLOT.size, key, *values)

    def to_dict(self) -> dict:
        return {"slots": self.slots, "used": self.used,
                "table": base64.b64encode(zlib.compress(bytes(self.table), 1)).decode()}

    @classmethod
    def from_dict(cls, data: dict) -> "FileLedger":
        table = bytearray(zlib.decompress(base64.b64decode(data["table"])))
        return cls(data["slots"], table, data["used"])
