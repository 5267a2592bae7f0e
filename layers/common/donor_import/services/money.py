"""Money as the API shows it: strings with two decimals, never floats."""

from decimal import Decimal


def money(totals: dict[str, Decimal]) -> dict[str, str]:
    """Totals by currency code, in code order."""
    return {currency: f"{Decimal(total):.2f}" for currency, total in sorted(totals.items())}
