"""What becomes of each row of a batch: accepted (written, with its clean record and contact), rejected (with
why), or a duplicate of a gift imported already (naming whose). Every row ends in exactly one of them.

The failed rows (rejected and duplicates) reach the finalizer, and the API's rejected rows, through the batch's
failed rows file as {"row", "cells", "reason", "fields"}; failed_row is that shape. A warning (a row accepted
with a remark) belongs here when rows get them."""

from dataclasses import dataclass

from . import gifts


@dataclass(frozen=True)
class ValidRow:
    """A row that passed validation: its clean record, not yet matched to a contact."""

    number: int
    cells: list[str]
    record: dict

    def placed(self, contact_id: str) -> "AcceptedRow":
        return AcceptedRow(self.number, self.cells, self.record, contact_id)


@dataclass(frozen=True)
class AcceptedRow:
    """A valid row and the contact it is written to; a donation's stays accepted only if it wins its gift."""

    number: int
    cells: list[str]
    record: dict
    contact_id: str

    def duplicate_of(self, gift: gifts.GiftIdentity, holder: dict | None) -> "DuplicateRow":
        return DuplicateRow(self.number, self.cells, gift, holder)


@dataclass(frozen=True)
class RejectedRow:
    """fields: the fields whose values rejected it (none for a row refused as a whole)."""

    number: int
    cells: list[str]
    reason: str
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class DuplicateRow:
    """A donation whose gift is held already: holder names the row that holds it (its source_row and
    import_id), None when the holder is not known."""

    number: int
    cells: list[str]
    gift: gifts.GiftIdentity
    holder: dict | None

    @property
    def reason(self) -> str:
        return gifts.reason(self.gift, self.holder)

    @property
    def fields(self) -> tuple[str, ...]:
        return ()


FailedRow = RejectedRow | DuplicateRow


def failed_row(row: FailedRow) -> dict:
    return {"row": row.number, "cells": row.cells, "reason": row.reason, "fields": list(row.fields)}
