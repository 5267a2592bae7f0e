"""The gifts a batch wrote, counted with its other counters: how many, and their total by currency."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

# ISO 4217's code for "no currency": the rows that name none.
NO_CURRENCY = "XXX"
_CODE = re.compile(r"^[A-Z]{3}$")


def currency_of(record: dict) -> str:
    code = str(record.get("currency") or "").strip().upper()
    return code if _CODE.match(code) else NO_CURRENCY


@dataclass(frozen=True)
class GiftTally:
    count: int = 0
    totals: dict[str, Decimal] = field(default_factory=dict)

    @classmethod
    def of(cls, records: Iterable[dict]) -> "GiftTally":
        """The tally of donation records (each with an amount and maybe a currency)."""
        count, totals = 0, {}
        for record in records:
            count += 1
            code = currency_of(record)
            totals[code] = totals.get(code, Decimal(0)) + Decimal(str(record["amount"]))
        return cls(count, totals)


NO_GIFTS = GiftTally()
