"""The options an import is validated with, beside its mapping."""

from dataclasses import asdict, dataclass, field

from .matching.rules import MatchRule, UpdateMode


@dataclass
class Options:
    """What the user may set beside the mapping (the file's phone region, the date order of date columns, whether
    the first row is a header, what the file's values of fixed-list fields mean, a value for every row of a
    field), and what the import copied from its organisation's settings when its mapping was confirmed (country,
    date order, the fields whose warnings are errors, its campaigns and funds): batches never read the settings."""

    default_region: str | None = None
    date_orders: dict[str, str] = field(default_factory=dict)  # field name -> "DMY" | "MDY"
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> {file value: canonical value}
    constants: dict[str, str] = field(default_factory=dict)  # field -> the value of every row
    country: str | None = None
    date_order: str | None = None
    field_errors: list[str] = field(default_factory=list)
    lists: dict[str, list[str]] = field(default_factory=dict)  # campaign, fund -> the organisation's names
    has_header_row: bool | None = None  # whether the file's first row is its header; None: as the file looks
    match_rule: MatchRule = MatchRule.STANDARD  # what rows are matched to contacts on
    update_mode: UpdateMode = UpdateMode.UPDATE  # what a match changes on the stored contact

    @classmethod
    def from_dict(cls, data: dict | None) -> "Options":
        data = data or {}
        region = data.get("default_region")
        return cls(default_region=region.upper() if region else None,
                   date_orders=dict(data.get("date_orders") or {}),
                   values={name: dict(table) for name, table in (data.get("values") or {}).items()},
                   constants=dict(data.get("constants") or {}), country=data.get("country"),
                   date_order=data.get("date_order"), field_errors=list(data.get("field_errors") or []),
                   lists={name: list(names) for name, names in (data.get("lists") or {}).items()},
                   has_header_row=data.get("has_header_row"),
                   match_rule=MatchRule(data.get("match_rule") or MatchRule.STANDARD),
                   update_mode=UpdateMode(data.get("update_mode") or UpdateMode.UPDATE))

    def to_dict(self) -> dict:
        chosen = {**asdict(self), "match_rule": self.match_rule.value, "update_mode": self.update_mode.value}
        if self.has_header_row is None:
            del chosen["has_header_row"]
        return chosen

    @property
    def region(self) -> str | None:
        """The region of phone numbers and postal codes of rows that name no country."""
        return self.default_region or self.country
