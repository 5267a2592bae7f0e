"""µs per cell of values.parse_date on realistic date columns, each read once from a cold cache (as a processor
reads a batch's column): `python -m bench.date_cells`."""

import random
import time
from datetime import datetime, timedelta

from donor_import.domain import values

CELLS = 20_000


def _moments(seed: int) -> list[datetime]:
    """Gifts over two years, a few a day, at any minute of the day."""
    rng = random.Random(seed)
    start = datetime(2019, 1, 1)
    return sorted(start + timedelta(minutes=rng.randrange(2 * 365 * 24 * 60)) for _ in range(CELLS))


COLUMNS = {
    "GiveWP 'May 11, 2019 11:21 AM'": lambda m: f"{m:%B} {m.day}, {m:%Y} {m:%I:%M %p}".replace(" 0", " ", 1),
    "'11 May 2019 23:21'": lambda m: f"{m.day} {m:%B %Y %H:%M}",
    "ISO '2019-05-11T11:21:00Z'": lambda m: f"{m:%Y-%m-%dT%H:%M:%S}Z",
    "US day only '05/11/2019'": lambda m: f"{m:%m/%d/%Y}",
    "written day only 'May 11, 2019'": lambda m: f"{m:%B} {m.day}, {m:%Y}",
}


def per_cell(cells: list[str]) -> tuple[float, int]:
    values._parse_day.cache_clear()
    failed = 0
    began = time.perf_counter()
    for cell in cells:
        try:
            values.parse_date(cell, values.DateOrder.MONTH_FIRST)
        except ValueError:
            failed += 1
    return (time.perf_counter() - began) / len(cells) * 1e6, failed


def main() -> None:
    moments = _moments(7)
    for name, shape in COLUMNS.items():
        cells = [shape(m) for m in moments]
        runs = [per_cell(cells) for _ in range(5)]
        micros = sorted(r[0] for r in runs)[2]
        print(f"{name:36} {micros:5.2f} µs/cell  distinct {len(set(cells)):6,}  unread {runs[0][1]:6,}")


if __name__ == "__main__":
    main()
