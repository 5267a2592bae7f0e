"""Validating mapped rows: per-column decisions (date order) taken up front, then one row at a time."""

from dataclasses import dataclass

from pydantic import ValidationError

from . import mapping as mappings
from . import value_dictionary
from .import_options import Options
from .import_types import ImportType, Kind, TypeSpec, type_spec
from .org_lists import check_listed, org_value_lists, value_lists
from .reader import MAX_CELL
from .rows import describe, reasons, validate_row
from .soft_fields import FALLBACK_REGION, RowWarning, check_soft_fields
from .value_lists import dictionary_errors
from .values import DateOrder, conventional_date_order, is_ambiguous_date, numeric_date_order


def option_errors(options: Options, spec: TypeSpec) -> list[str]:
    """What makes the values and constants unusable: a field the type lacks, a value outside a fixed list."""
    lists = value_lists(options.lists)
    errors = dictionary_errors(options.values, lists)
    for name, value in options.constants.items():
        listed = lists.get(name)
        if spec.field(name) is None:
            errors.append(f"{spec.name.value} have no field {name} to give a constant")
        elif listed and listed.if_unmapped != "kept" and value.strip().lower() not in listed.synonyms:
            errors.append(f"'{value}' is not a {listed.label.lower()} ({', '.join(listed.canonical)})")
    return errors


def with_constants(mapping: mappings.Mapping, options: Options) -> mappings.Mapping:
    """The mapping with each constant as a column of its own, as the required fields are counted."""
    return {**mapping, **{f"(every row) {name}": name for name in options.constants}}


@dataclass(frozen=True)
class Validated:
    """A row's clean record and the values it is imported without."""

    record: dict
    warnings: tuple[RowWarning, ...] = ()


@dataclass
class Rejected:
    row: int
    problems: list[tuple[str | None, str]]

    @property
    def reason(self) -> str:
        return describe(self.problems)


ORDER_WORDS = {DateOrder.DAY_FIRST.value: "day first", DateOrder.MONTH_FIRST.value: "month first"}


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
        self.options = Options.from_dict(context)
        self.context = self.options.to_dict()
        self.values = {name: {key.strip().lower(): value for key, value in table.items()}
                       for name, table in self.options.values.items()}
        self.listed = org_value_lists(self.options.lists)
        self.unseen = value_dictionary.Unseen(value_lists(self.options.lists))
        self.date_order_reasons: dict[str, str] = {}

    @classmethod
    def for_file(cls, import_type: ImportType, mapping: mappings.Mapping, headers: list[str],
                 options: Options) -> "RowValidator":
        return cls(import_type, mappings.compile_mapping(mapping, headers), options.to_dict())

    def learn_date_orders(self, rows: list[list[str]]) -> list[str]:
        """Decide date columns the user left open from these rows, then from the organisation's date order;
        returns the fields still undecided. date_order_reasons says, per field, what decided it."""
        decided, undecided = decide_date_orders(self.import_type, self.columns, rows)
        chosen = self.context["date_orders"]
        self.date_order_reasons = dict.fromkeys(chosen, "as chosen for this import")
        for name, order in decided.items():
            if name not in chosen:
                chosen[name] = order
                self.date_order_reasons[name] = f"the file's dates show it: {ORDER_WORDS[order]}"
        left = [name for name in undecided if name not in chosen]
        if self.options.date_order:
            for name in left:
                chosen[name] = self.options.date_order
                self.date_order_reasons[name] = ("no date in the file says; your organisation's setting: "
                                                 f"{ORDER_WORDS[self.options.date_order]}")
            left = []
        return left

    def validate(self, number: int, cells: list[str]) -> Validated | Rejected:
        """The row's record and its warnings; a value read as its closest (guessed) is kept, so it neither
        rejects the row nor counts as a bad value in the reason of a row rejected for another."""
        row, guessed = self._given(mappings.pick(self.columns, cells))
        row, warnings = check_soft_fields(row, self.options.region)
        row, unlisted = check_listed(row, self.listed)
        warnings += unlisted
        errors = [(w.field, w.reason) for w in warnings if w.field in self.options.field_errors]
        try:
            # The phone is E.164 already: check_soft_fields parsed it in the row's region.
            record = validate_row(self.import_type, row, {**self.context, "phones_parsed": True})
        except ValidationError as error:
            # A rejected row is corrected and uploaded again: its workbook reason names every bad value.
            return Rejected(number, reasons(error) + [(w.field, w.reason) for w in warnings])
        if errors:
            return Rejected(number, errors)
        return Validated(record, tuple(warnings + guessed))

    def _given(self, row: dict[str, str]) -> tuple[dict[str, str], list[RowWarning]]:
        """The row with each field's constant where its cell is blank, and file values read as the user said,
        else as the dictionary would have read them (with a warning for each closest match)."""
        constant = {name for name in self.options.constants if not (row.get(name) or "").strip()}
        for name in constant:
            row[name] = self.options.constants[name]
        said = set()  # the fields whose value the user said the meaning of ("": none of the list's)
        for name, table in self.values.items():
            if name in row and (key := row[name].strip().lower()) in table:
                said.add(name)
                row[name] = table[key] or row[name]
        decided = constant | said
        guessed = []
        for name in [name for name in row if name in self.unseen.lists and name not in decided]:
            if warning := self.unseen.warning(name, row[name].strip()):
                row[name] = warning.imported_as
                guessed.append(warning)
        return row, guessed


def long_cell_problems(cut: list[tuple[str, int]]) -> list[tuple[str, str]]:
    """Why a row whose cells the reader cut to the cell limit is rejected: (header, reason) per long cell."""
    return [(header, f"{length:,} characters long, more than the {MAX_CELL:,} a cell holds") for header, length in cut]


def preview(
    import_type: ImportType, headers: list[str], sample: list[tuple[int, list[str]]],
    mapping: mappings.Mapping, options: Options, column_values: dict[str, list[str]] | None = None,
) -> dict:
    """What the mapping step shows: what is unmapped, what the mapping would reject (or warn about) on the sample
    rows, which date orders it must ask for, what the values of its fixed-list fields mean (from column_values:
    the distinct values of the file's first rows; else of the sample)."""
    spec = type_spec(import_type)
    if column_values is None:
        column_values = value_dictionary.distinct_values(headers, [cells for _, cells in sample])
    validator = RowValidator.for_file(import_type, mapping, headers,
                                      value_dictionary.resolved(mapping, options, column_values))
    undecided = validator.learn_date_orders([cells for _, cells in sample])
    verdicts = [(number, validator.validate(number, cells)) for number, cells in sample]
    problems = [{"row": verdict.row, "field": name, "reason": reason}
                for _, verdict in verdicts if isinstance(verdict, Rejected) for name, reason in verdict.problems]
    warnings = [{"row": number, **warning.to_dict()}
                for number, verdict in verdicts if isinstance(verdict, Validated) for warning in verdict.warnings]
    return {
        "headers": headers,
        "suggested_mapping": mapping,
        "missing_required": mappings.missing_required(with_constants(mapping, options), spec),
        "problems": problems,
        "date_order_needed": undecided,
        "date_orders": validator.context["date_orders"],
        "date_order_reasons": validator.date_order_reasons,
        "warnings": warnings,
        "value_dictionary": value_dictionary.dictionary(mapping, options, column_values),
        "default_region": options.region or FALLBACK_REGION,
    }


__all__ = ["DateOrder", "Options", "Rejected", "RowValidator", "Validated", "long_cell_problems", "preview"]
