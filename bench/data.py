"""Realistic, messy contacts files for the benchmarks: deterministic for a seed, cached by generator version.

A CRM export as nonprofits send them: two title lines above the header, 15 columns, names with accents and
apostrophes, ZIP codes with leading zeros, phones and dates in every common format, tags with mixed separators,
notes with commas, quotes and the odd line break; ~5 % of the rows repeat an earlier person's email in another
case, and a few percent are broken on purpose (bad email, bad phone, neither name nor email, negative amount,
impossible date).
"""

import contextlib
import csv
import json
import os
import random
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

from . import DATA_DIR

GENERATOR_VERSION = 1
DEFAULT_SEED = 20251125

TITLE_LINES = [["Donor Contacts Export - Riverside Community Fund"], ["Exported 2025-11-25 by the bench generator"], []]
HEADERS = ["Constituent ID", "First Name", "Last Name", "E-mail Address", "Phone", "Street", "City", "State", "ZIP",
           "Country", "Tags", "Notes", "Member Since", "Last Gift", "Source"]
# The columns a contacts import has fields for; the others are matched by the project's own suggestion, so a
# field added to the contacts type later (a date or amount) is mapped without changing the benchmark.
CONTACT_MAPPING = {
    "Constituent ID": "external_id", "First Name": "first_name", "Last Name": "last_name",
    "E-mail Address": "email", "Phone": "phone", "Street": "address_line1", "City": "city", "State": "state",
    "ZIP": "postal_code", "Country": "country", "Tags": "tags", "Notes": "notes",
}

FIRST = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
         "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
         "Christopher", "Lisa", "Daniel", "Nancy", "Matthew", "Betty", "Anthony", "Margaret", "Mark", "Sandra",
         "José", "María", "Zoë", "Siobhán", "Björn", "François", "Chloé", "Renée", "Ngozi", "Wei", "Priya",
         "Mohammed", "Aisha", "Hiroshi", "Yuki", "Olga", "Dmitri", "Seán", "Ana-Lucía", "Jean-Luc", "Mary Ann",
         "D'Andre", "Kwame", "Fatima", "Lars", "Ingrid", "Giulia", "Mateo", "Chen", "Ayşe"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
        "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
        "O'Brien", "O'Neil", "Müller", "Schröder", "García Márquez", "van der Berg", "de la Cruz", "Smith-Jones",
        "McDonald", "MacLeod", "Nguyễn", "Kowalski", "Østergaard", "Dubois", "Rossi", "Yamamoto", "Okafor",
        "Papadopoulos", "St. James", "Le Blanc", "Abu-Bakr", "Fitzgerald", "Brennan", "Novak", "Horvath", "Silva",
        "Costa", "Andersson", "Johansson", "Ivanova"]
DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "aol.com", "icloud.com", "comcast.net",
           "verizon.net", "proton.me", "example.org", "riverside-fund.org", "acme-corp.com", "uni.edu",
           "mail.co.uk", "web.de"]
STREETS = ["Main", "Oak", "Maple", "Cedar", "Pine", "Elm", "Washington", "Lake", "Hill", "Park", "Sunset",
           "Lincoln", "Jefferson", "River", "Church", "Mill", "Highland", "Chestnut", "Spring", "Martin Luther King Jr"]
SUFFIXES = ["St", "St.", "Street", "Ave", "Avenue", "Rd", "Road", "Blvd", "Ln", "Dr", "Drive", "Ct", "Way", "Pl"]
# (city, state abbreviation, state name, ZIP, area codes): New England and New Jersey ZIPs start with 0.
PLACES = [
    ("Boston", "MA", "Massachusetts", "02108", ("617", "857")),
    ("Cambridge", "MA", "Massachusetts", "02139", ("617",)),
    ("Worcester", "MA", "Massachusetts", "01608", ("508", "774")),
    ("Providence", "RI", "Rhode Island", "02903", ("401",)),
    ("Hartford", "CT", "Connecticut", "06103", ("860",)), ("New Haven", "CT", "Connecticut", "06510", ("203",)),
    ("Portland", "ME", "Maine", "04101", ("207",)), ("Burlington", "VT", "Vermont", "05401", ("802",)),
    ("Manchester", "NH", "New Hampshire", "03101", ("603",)), ("Newark", "NJ", "New Jersey", "07102", ("973",)),
    ("Princeton", "NJ", "New Jersey", "08540", ("609",)), ("New York", "NY", "New York", "10001", ("212", "646")),
    ("Brooklyn", "NY", "New York", "11201", ("718", "347")), ("Philadelphia", "PA", "Pennsylvania", "19103", ("215",)),
    ("Washington", "DC", "District of Columbia", "20001", ("202",)), ("Atlanta", "GA", "Georgia", "30303", ("404",)),
    ("Miami", "FL", "Florida", "33101", ("305", "786")), ("Chicago", "IL", "Illinois", "60601", ("312", "773")),
    ("Detroit", "MI", "Michigan", "48201", ("313",)), ("Minneapolis", "MN", "Minnesota", "55401", ("612",)),
    ("Houston", "TX", "Texas", "77002", ("713", "832")), ("Austin", "TX", "Texas", "78701", ("512",)),
    ("Denver", "CO", "Colorado", "80202", ("303", "720")), ("Phoenix", "AZ", "Arizona", "85004", ("602",)),
    ("Seattle", "WA", "Washington", "98101", ("206",)), ("Portland", "OR", "Oregon", "97201", ("503",)),
    ("San Francisco", "CA", "California", "94105", ("415",)), ("Los Angeles", "CA", "California", "90012",
                                                                ("213", "310")),
    ("San Juan", "PR", "Puerto Rico", "00901", ("787",)),
]
TAGS = ["volunteer", "major donor", "newsletter", "event 2023", "gala 2024", "board", "monthly giver", "lapsed",
        "in-kind", "planned giving", "alumni", "VIP"]
SOURCES = ["Web form", "Gala 2023", "Direct mail", "Import", "Peer-to-peer", "Walk-in", "Facebook", "Event",
           "Referral", ""]
NOTES = ["Prefers email", "Met at the spring gala, interested in \"planned giving\"", "Do not call, ask for Sam",
         "Spouse: Alex; kids in the youth program", "Moved from Chicago, 2021", "Matching gift via employer",
         "Call back after 5pm, please", "Wants the annual report by mail\nnot email", "Board member's referral",
         "Gave in memory of her mother", "Requested tax receipt, sent 2024-01-15"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
BAD_EMAILS = ["{l}@", "{l}@@{d}", "{f} {s}@{d}", "{l}.{d}", "{l}@{host}", "@{d}", "{f}..{s}@{d}", "{l}@{d}.",
              "{l}@-{d}", "{l}(at){d}"]
BAD_PHONES = ["555-0100", "12345", "(999) 555-{n4}", "(000) 000-0000", "n/a", "+44 20 7946", "call after 5",
              "415-555-{n4}-99", "+1 (800) 12-34", "1-2-3"]

DEFECTS = ("bad_email", "bad_phone", "no_name_email", "negative_amount", "impossible_date")
DEFECT_RATE = 0.035
DUPLICATE_RATE = 0.05


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum() or c == "-")


class _Generator:
    def __init__(self, seed: int):
        self.random = random.Random(seed)
        self.people: list[dict] = []  # earlier people, some of whom come back as duplicates
        self.serial = 0
        self.counts: Counter = Counter()

    def phone(self, area_codes: tuple[str, ...]) -> str:
        r = self.random
        area, exchange, line = r.choice(area_codes), r.randint(201, 989), r.randint(0, 9999)
        if exchange % 100 == 11:  # N11 exchanges are not assignable
            exchange += 1
        roll = r.random()
        if roll < 0.06:
            return r.choice(["+44 20 7946 {:04d}", "+44 161 496 {:04d}", "+49 30 1234{:04d}", "+49 89 2345{:04d}",
                             "+49 151 1234{:04d}", "0044 20 7946 {:04d}"]).format(r.randint(0, 9999))
        formats = ["({a}) {e}-{n}", "{a}-{e}-{n}", "{a}.{e}.{n}", "{a}{e}{n}", "+1 {a} {e} {n}", "+1-{a}-{e}-{n}",
                   "1 ({a}) {e}-{n}", "+1 ({a}) {e}-{n}", " ({a}) {e}-{n} ", "1{a}{e}{n}", "{a} {e} {n}"]
        return r.choice(formats).format(a=area, e=exchange, n=f"{line:04d}")

    def when(self) -> str:
        r = self.random
        day = date(1990, 1, 1) + timedelta(days=r.randint(0, 35 * 365))
        roll = r.random()
        if roll < 0.35:
            return day.isoformat()
        if roll < 0.65:
            return f"{day.month}/{day.day}/{day.year}" if r.random() < 0.5 else day.strftime("%m/%d/%Y")
        if roll < 0.8:
            return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
        if roll < 0.9:
            return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"
        if roll < 0.95:
            return day.strftime("%Y-%m-%d") + " 00:00:00"
        return ""

    def amount(self) -> str:
        r = self.random
        value = r.choice([10, 25, 50, 100, 250, 500, 1000, 2500]) * r.choice([1, 1, 1, 1.5, 2]) + r.choice(
            [0, 0, 0, 0.5, 0.99])
        roll = r.random()
        if roll < 0.3:
            return f"${value:,.2f}"
        if roll < 0.55:
            return f"{value:.2f}"
        if roll < 0.7:
            return f"{value:g}"
        if roll < 0.8:
            return f"USD {value:,.2f}"
        if roll < 0.85:
            return f"$ {value:,.0f}"
        return ""

    def new_person(self) -> dict:
        r = self.random
        self.serial += 1
        first, last = r.choice(FIRST), r.choice(LAST)
        place = r.choice(PLACES)
        local = r.choice(["{f}.{s}", "{f}{s}", "{f0}{s}", "{f}_{s}", "{f}.{s}{n}", "{f}{n}", "{s}.{f}"]).format(
            f=_ascii(first), s=_ascii(last), f0=_ascii(first)[:1], n=r.randint(1, 9999))
        email = f"{local}{self.serial}@{r.choice(DOMAINS)}"
        if r.random() < 0.15:
            email = email.title()  # "Mary.Smith123@Gmail.Com": case as people type it
        roll = r.random()
        tags = ""
        if roll < 0.6:
            chosen = r.sample(TAGS, r.randint(1, 3))
            tags = r.choice([", ", ",", "; ", "|"]).join(chosen)
        street = f"{r.randint(1, 9999)} {r.choice(STREETS)} {r.choice(SUFFIXES)}"
        if r.random() < 0.15:
            street += r.choice([" Apt 4B", ", Unit 12", " #301", " Suite 200"])
        zip_code = place[3] if r.random() < 0.85 else f"{place[3]}-{r.randint(1000, 9999)}"
        return {
            "id": f"C{self.serial:07d}" if r.random() < 0.9 else "",
            "first": first if r.random() < 0.97 else f" {first} ",
            "last": last,
            "email": email if r.random() < 0.92 else "",
            "phone": self.phone(place[4]) if r.random() < 0.88 else "",
            "street": street,
            "city": place[0],
            "state": place[1] if r.random() < 0.8 else place[2],
            "zip": zip_code,
            "country": r.choice(["US", "US", "US", "USA", "United States", "United States of America", ""]),
            "tags": tags,
            "notes": r.choice(NOTES) if r.random() < 0.1 else "",
            "since": self.when(),
            "gift": self.amount(),
            "source": r.choice(SOURCES),
        }

    def duplicate(self) -> dict | None:
        r = self.random
        earlier = [p for p in r.sample(self.people, min(5, len(self.people))) if p["email"]]
        if not earlier:
            return None
        person = dict(earlier[0])
        email = person["email"]
        cased = r.choice([email.upper(), email.title(), email.swapcase(), email.capitalize()])
        if cased == email:
            cased = email.upper() if email != email.upper() else email.lower()
        person.update(email=cased, id=person["id"] if r.random() < 0.5 else "", source=r.choice(SOURCES),
                      gift=self.amount(), phone=person["phone"] if r.random() < 0.7 else "")
        return person

    def defect(self, person: dict) -> str:
        r = self.random
        kind = r.choice(DEFECTS)
        local, _, domain = (person["email"] or "someone@example.org").partition("@")
        if kind == "bad_email":
            person["email"] = r.choice(BAD_EMAILS).format(l=local, d=domain, f=_ascii(person["first"]) or "x",
                                                          s=_ascii(person["last"]) or "y", host=domain.split(".")[0])
        elif kind == "bad_phone":
            person["phone"] = r.choice(BAD_PHONES).format(n4=f"{r.randint(0, 9999):04d}")
        elif kind == "no_name_email":
            person.update(first="", last="", email="")
        elif kind == "negative_amount":
            person["gift"] = r.choice(["-$25.00", "-100", "($50.00)", "-1,000.00", "$-5"])
        else:
            person["since"] = r.choice(["2023-02-30", "13/45/2020", "February 30, 2021", "2021-13-01", "31/31/2019",
                                        "00/00/0000"])
        return kind

    def rows(self) -> Iterator[dict]:
        r = self.random
        while True:
            person = None
            if self.people and r.random() < DUPLICATE_RATE:
                person = self.duplicate()
                if person:
                    self.counts["duplicate_by_email"] += 1
            if person is None:
                person = self.new_person()
                if len(self.people) < 50_000:
                    self.people.append(person)
                else:
                    self.people[r.randrange(len(self.people))] = person
                person = dict(person)
            if r.random() < DEFECT_RATE:
                self.counts[self.defect(person)] += 1
            self.counts["rows"] += 1
            yield person


def csv_cells(person: dict) -> list[str]:
    return [person["id"], person["first"], person["last"], person["email"], person["phone"], person["street"],
            person["city"], person["state"], person["zip"], person["country"], person["tags"], person["notes"],
            person["since"], person["gift"], person["source"]]


def _typed_cells(person: dict) -> list:
    """The row as a spreadsheet holds it: real dates and numbers where Excel would have made them."""
    cells: list = csv_cells(person)
    since = person["since"]
    with contextlib.suppress(ValueError):  # an impossible date stays text, as Excel leaves it
        cells[12] = datetime.strptime(since, "%Y-%m-%d") if len(since) == 10 and since[4] == "-" else since
    gift = person["gift"]
    plain = gift.replace("$", "").replace(",", "").strip()
    if plain and plain.replace(".", "", 1).isdigit() and gift.count("$") <= 1:
        cells[13] = float(plain)
    digits = person["phone"]
    if digits.isdigit() and len(digits) == 10:
        cells[4] = int(digits)  # a phone column Excel turned into numbers
    return cells


def _stamp(seed: int, rows: int) -> str:
    return f"v{GENERATOR_VERSION}-s{seed}-{rows}"


def csv_path(rows: int, seed: int = DEFAULT_SEED) -> Path:
    return DATA_DIR / f"contacts-{_stamp(seed, rows)}.csv"


def xlsx_path(rows: int, seed: int = DEFAULT_SEED) -> Path:
    return DATA_DIR / f"contacts-{_stamp(seed, rows)}.xlsx"


def _manifest(path: Path) -> Path:
    return path.with_suffix(path.suffix + ".json")


def ensure_csv(rows: int, seed: int = DEFAULT_SEED, log=print) -> tuple[Path, dict, bool]:
    """The cached CSV of `rows` data rows (generated when missing); its manifest; whether it was generated."""

    def write(partial: Path, people: Iterator[dict]) -> None:
        with open(partial, "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)  # "\r\n" line ends, as Excel writes them
            writer.writerows(TITLE_LINES)
            writer.writerow(HEADERS)
            writer.writerows(csv_cells(person) for person in people)

    return _ensure(csv_path(rows, seed), rows, seed, write, 250_000, log)


def ensure_xlsx(rows: int, seed: int = DEFAULT_SEED, log=print) -> tuple[Path, dict, bool]:
    """The cached XLSX (openpyxl write-only), the same people as the CSV's first `rows` rows."""
    from openpyxl import Workbook

    def write(partial: Path, people: Iterator[dict]) -> None:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Contacts")
        for line in [*TITLE_LINES, HEADERS]:
            sheet.append(line)
        for person in people:
            sheet.append(_typed_cells(person))
        workbook.save(partial)

    return _ensure(xlsx_path(rows, seed), rows, seed, write, 50_000, log)


def _ensure(path: Path, rows: int, seed: int, write, log_every: int, log) -> tuple[Path, dict, bool]:
    """The file at `path` with its manifest, written by `write(partial, people)` when either is missing."""
    if path.exists() and _manifest(path).exists():
        return path, json.loads(_manifest(path).read_text()), False
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    generator = _Generator(seed)
    partial = path.with_suffix(path.suffix + ".partial")
    write(partial, _people(generator, rows, log_every, started, log))
    manifest = {"rows": rows, "seed": seed, "generator_version": GENERATOR_VERSION, "bytes": partial.stat().st_size,
                "seconds": round(time.monotonic() - started, 1), "counts": dict(generator.counts)}
    os.replace(partial, path)
    _manifest(path).write_text(json.dumps(manifest, indent=1))
    return path, manifest, True


def _people(generator: _Generator, rows: int, log_every: int, started: float, log) -> Iterator[dict]:
    """The generator's first `rows` people, with a progress line every `log_every`."""
    for n, person in enumerate(generator.rows(), start=1):
        yield person
        if n % log_every == 0:
            log(f"    {n:,} rows written ({time.monotonic() - started:.0f} s)")
        if n == rows:
            return


def main() -> None:
    """python -m bench.data csv|xlsx --rows N [--seed S] --out manifest.json: make (or find) one file; run.py
    calls this in a subprocess, so that generating never inflates its own memory (a child inherits its parent's
    peak RSS in ru_maxrss)."""
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=("csv", "xlsx"))
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    ensure = ensure_csv if args.kind == "csv" else ensure_xlsx
    path, manifest, made = ensure(args.rows, args.seed, log=lambda line: print(line, flush=True))
    Path(args.out).write_text(json.dumps({"path": str(path), "manifest": manifest, "made": made}))


if __name__ == "__main__":
    main()
