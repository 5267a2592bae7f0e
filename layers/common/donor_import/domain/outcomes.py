"""What becomes of each row of a batch: accepted (written, with its clean record and contact), rejected (with
why), or a duplicate of a gift imported already (naming whose). Every row ends in exactly one of them.

The failed rows (rejected and duplicates) reach the finalizer, and the API's rejected rows, through the batch's
failed rows file as {"row", "cells", "reason", "fields"}; failed_row is that shape. An accepted row may carry
warnings (values it is imported without): they reach the finalizer through the batch's warnings file as
{"row", "field", "value", "reason"}."""

from dataclasses import dataclass

from . import gifts
from .soft_fields import RowWarning


@dataclass(frozen=True)
class ValidRow:
    """A row that passed validation: its clean record, not yet matched to a contact."""

    number: int
    cells: list[str]
    record: dict
    warnings: tuple[RowWarning, ...] = ()

    def placed(self, contact_id: str) -> "AcceptedRow":
        return AcceptedRow(self.number, self.cells, self.record, contact_id, self.warnings)


@dataclass(frozen=True)
class AcceptedRow:
    """A valid row and the contact it is written to; a donation's stays accepted only if it wins its gift."""

    number: int
    cells: list[str]
    record: dict
    contact_id: str
    warnings: tuple[RowWarning, ...] = ()

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


def warned_rows(rows: list[AcceptedRow]) -> list[dict]:
    """The warnings of the rows, one entry each: {"row", "field", "value", "reason"}."""
    return [{"row": row.number, **warning.to_dict()} for row in rows for warning in row.warnings]
