"""A preview's sample read with or without its first row as the header, from what the intake stored, so the
header-row switch re-reads the preview without the file; and the sentence the preview says about it."""

from dataclasses import dataclass

from .reader import unique_headers

Sample = list[tuple[int, list[str]]]


@dataclass(frozen=True)
class Reading:
    """How the file was read: with a header row or not, what it looked like, and its first row (the header's
    cells, or the first record's)."""

    has_header: bool
    detected: bool
    first_row: tuple[int, list[str]]

    def to_dict(self) -> dict:
        row, cells = self.first_row
        return {"header_row": self.has_header, "header_row_detected": self.detected,
                "first_row": {"row": row, "cells": cells}, "header_row_message": self.message}

    @classmethod
    def from_preview(cls, stored: dict, headers: list[str], sample: Sample) -> "Reading":
        """A preview stored before files could be read without headers was read with them: its first row is
        the headers, just above the first sample row."""
        first = stored.get("first_row") or {"row": sample[0][0] - 1 if sample else 1, "cells": headers}
        return cls(stored.get("header_row", True), stored.get("header_row_detected", True),
                   (first["row"], first["cells"]))

    @property
    def message(self) -> str | None:
        row = self.first_row[0]
        if not self.has_header and not self.detected:
            return (f"Row {row} looks like a record, not a header: it is imported as data and the columns are "
                    'named by position. If it is the header, tick "The first row is a header".')
        if not self.has_header:
            return f"Row {row} is imported as data, as asked; the columns are named by position."
        if not self.detected:
            return f"Row {row} looked like a record; it is read as the header, as asked."
        return None


def reread(reading: Reading, headers: list[str], sample: Sample, has_header: bool, rows: int) -> tuple[
        list[str], Sample, Reading]:
    """The headers and sample as the file reads with has_header: the first row moves between them."""
    if has_header == reading.has_header:
        return headers, sample, reading
    first_number, first_cells = reading.first_row
    if has_header:
        return unique_headers(list(first_cells)), sample[1:], Reading(True, reading.detected, reading.first_row)
    width = max(len(first_cells), len(headers))
    return (unique_headers([""] * width), [(first_number, list(first_cells)), *sample][:rows],
            Reading(False, reading.detected, reading.first_row))
