"""Validating mapped rows: per-column decisions (date order) taken up front, then one row at a time."""

from dataclasses import dataclass, field

from pydantic import ValidationError

from . import mapping as mappings
from .import_types import ImportType, Kind, type_spec
from .matching.rules import MatchRule, UpdateMode
from .reader import MAX_CELL
from .rows import describe, reasons, validate_row
from .values import DateOrder, conventional_date_order, is_ambiguous_date, numeric_date_order


@dataclass
class Options:
    """What the user may set beside the mapping: the phone region, the date order of date columns, what rows
    are matched to contacts on and what a match changes."""

    default_region: str = "US"
    date_orders: dict[str, str] = field(default_factory=dict)  # field name -> "DMY" | "MDY"
    match_rule: MatchRule = MatchRule.STANDARD
    update_mode: UpdateMode = UpdateMode.UPDATE

    @classmethod
    def from_dict(cls, data: dict | None) -> "Options":
        data = data or {}
        return cls(default_region=(data.get("default_region") or "US").upper(),
                   date_orders=dict(data.get("date_orders") or {}),
                   match_rule=MatchRule(data.get("match_rule") or MatchRule.STANDARD),
                   update_mode=UpdateMode(data.get("update_mode") or UpdateMode.UPDATE))

    def to_dict(self) -> dict:
        return {"default_region": self.default_region, "date_orders": self.date_orders,
                "match_rule": self.match_rule.value, "update_mode": self.update_mode.value}


@dataclass
class Rejected:
    row: int
    problems: list[tuple[str | None, str]]

    @property
    def reason(self) -> str:
        return describe(self.problems)


def date_fields(import_type: ImportType) -> list[str]:
    return [f.name for f in type_spec(import_type).fields if f.kind is Kind.DATE]


def decide_date_orders(
    import_type: ImportType, columns: list[tuple[int, str]], rows: list[list[str]]
) -> tuple[dict[str, str], list[str]]:
    """Per date field, the order its unambiguous values show; and the fields nothing decides.

    A column with only ambiguous values follows the file's other date columns when they agree: a file
    does not mix conventions. Failing that, one whose ambiguous values are all dotted is day first."""
    decided, open_fields = {}, {}
    for position, name in columns:
        if name not in date_fields(import_type):
            continue
        seen = {numeric_date_order(row[position]) for row in rows} - {None}
        if len(seen) == 1:
            decided[name] = seen.pop().value
        elif conventions := {conventional_date_order(cell) for cell in (row[position] for row in rows)
                             if is_ambiguous_date(cell)}:
            open_fields[name] = conventions
    file_orders = set(decided.values())
    if len(file_orders) == 1:
        return {**decided, **dict.fromkeys(open_fields, file_orders.pop())}, []
    for name, conventions in list(open_fields.items()):
        if conventions == {DateOrder.DAY_FIRST}:
            decided[name] = DateOrder.DAY_FIRST.value
            del open_fields[name]
    return decided, list(open_fields)


class RowValidator:
    """Validates the rows of one file: its mapping compiled to column positions, and its context (phone
    region, date orders), which travels with each batch so processors validate rows as the file says."""

    def __init__(self, import_type: ImportType, columns: list[tuple[int, str]], context: dict):
        self.import_type = import_type
        self.columns = [(position, name) for position, name in columns]
        self.context = Options.from_dict(context).to_dict()

    @classmethod
    def for_file(cls, import_type: ImportType, mapping: mappings.Mapping, headers: list[str],
                 options: Options) -> "RowValidator":
        return cls(import_type, mappings.compile_mapping(mapping, headers), options.to_dict())

    def learn_date_orders(self, rows: list[list[str]]) -> list[str]:
        """Decide date columns the user left open from these rows; returns the fields still undecided."""
        decided, undecided = decide_date_orders(self.import_type, self.columns, rows)
        for name, order in decided.items():
            self.context["date_orders"].setdefault(name, order)
        return [name for name in undecided if name not in self.context["date_orders"]]

    def validate(self, number: int, cells: list[str]) -> dict | Rejected:
        row = mappings.pick(self.columns, cells)
        try:
            return validate_row(self.import_type, row, self.context)
        except ValidationError as error:
            return Rejected(number, reasons(error))


def long_cell_problems(cut: list[tuple[str, int]]) -> list[tuple[str, str]]:
    """Why a row whose cells the reader cut to the cell limit is rejected: (header, reason) per long cell."""
    return [(header, f"{length:,} characters long, more than the {MAX_CELL:,} a cell holds") for header, length in cut]


def preview(
    import_type: ImportType, headers: list[str], sample: list[tuple[int, list[str]]],
    mapping: mappings.Mapping, options: Options,
) -> dict:
    """What the mapping step shows: what is unmapped, what the mapping would reject on the sample rows, which
    date orders it must ask for."""
    spec = type_spec(import_type)
    validator = RowValidator.for_file(import_type, mapping, headers, options)
    undecided = validator.learn_date_orders([cells for _, cells in sample])
    problems = [
        {"row": verdict.row, "field": name, "reason": reason}
        for number, cells in sample
        if isinstance(verdict := validator.validate(number, cells), Rejected)
        for name, reason in verdict.problems
    ]
    return {
        "headers": headers,
        "suggested_mapping": mapping,
        "missing_required": mappings.missing_required(mapping, spec),
        "problems": problems,
        "date_order_needed": undecided,
        "date_orders": validator.context["date_orders"],
        "default_region": options.default_region,
    }


__all__ = ["DateOrder", "Options", "Rejected", "RowValidator", "long_cell_problems", "preview"]
