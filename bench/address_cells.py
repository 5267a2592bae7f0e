"""Addresses in one cell: what usaddress, usaddress-scourgify and the project's split get right on 30
real-shaped cells, and their µs per cell: `python -m bench.address_cells` (scourgify from an extra path:
PYTHONPATH=...:/tmp/scgt)."""

import time

from donor_import.domain import addresses

# (cell, line1, line2, city, state, postal code, country): Mailchimp's double-spaced Address, then the comma forms
# of CRM and form exports, then what no US parser should split and two US addresses without commas.
CELLS = [
    ("123 Main St  Springfield  IL  62704  US", "123 Main St", None, "Springfield", "IL", "62704", "US"),
    ("1 Analytical Way  Apt 4  San Francisco  CA  94105  US", "1 Analytical Way", "Apt 4", "San Francisco", "CA",
     "94105", "US"),
    ("500 W Madison St  Suite 1000  Chicago  IL  60661  US", "500 W Madison St", "Suite 1000", "Chicago", "IL",
     "60661", "US"),
    ("77 Massachusetts Ave  Cambridge  MA  02139  US", "77 Massachusetts Ave", None, "Cambridge", "MA", "02139", "US"),
    ("2 Rue de Rivoli  Paris    75001  FR", "2 Rue de Rivoli", None, "Paris", None, "75001", "FR"),
    ("10 Downing Street  London    SW1A 2AA  GB", "10 Downing Street", None, "London", None, "SW1A 2AA", "GB"),
    ("24 Adelaide Road  Sydney  NSW  2000  AU", "24 Adelaide Road", None, "Sydney", "NSW", "2000", "AU"),
    ("350 Fifth Avenue  New York  NY  10118  US", "350 Fifth Avenue", None, "New York", "NY", "10118", "US"),
    ("1600 Pennsylvania Ave NW  Washington  DC  20500  US", "1600 Pennsylvania Ave NW", None, "Washington", "DC",
     "20500", "US"),
    ("PO Box 999  Austin  TX  78701  US", "PO Box 999", None, "Austin", "TX", "78701", "US"),
    ("123 Main St, Springfield, IL 62704", "123 Main St", None, "Springfield", "IL", "62704", None),
    ("1 Analytical Way, San Francisco, CA 94105", "1 Analytical Way", None, "San Francisco", "CA", "94105", None),
    ("500 W Madison St Suite 1000, Chicago, IL 60661", "500 W Madison St", "Suite 1000", "Chicago", "IL", "60661",
     None),
    ("221B Baker St Apt 2, Portland, OR 97201", "221B Baker St", "Apt 2", "Portland", "OR", "97201", None),
    ("4059 Mt Lee Dr, Hollywood, CA 90068", "4059 Mt Lee Dr", None, "Hollywood", "CA", "90068", None),
    ("742 Evergreen Terrace, Springfield, OR 97477", "742 Evergreen Terrace", None, "Springfield", "OR", "97477",
     None),
    ("1 Infinite Loop, Cupertino, CA 95014, USA", "1 Infinite Loop", None, "Cupertino", "CA", "95014", "USA"),
    ("PO Box 1234, Boise, ID 83701", "PO Box 1234", None, "Boise", "ID", "83701", None),
    ("233 S Wacker Dr #3300, Chicago, IL 60606", "233 S Wacker Dr", "#3300", "Chicago", "IL", "60606", None),
    ("100 Oak St, Downtown, TX 77777", "100 Oak St", None, "Downtown", "TX", "77777", None),
    ("55 Water Street, Brooklyn, New York 11201", "55 Water Street", None, "Brooklyn", "New York", "11201", None),
    ("9 Patterson Alley, Newcastle, NE1 8AU", "9 Patterson Alley, Newcastle, NE1 8AU", None, None, None, None, None),
    ("Storgatan 1, Stockholm", "Storgatan 1, Stockholm", None, None, None, None, None),
    ("200 Elm St, Toronto, ON M5H 2N2", "200 Elm St, Toronto, ON M5H 2N2", None, None, None, None, None),
    ("Belgrano 100", "Belgrano 100", None, None, None, None, None),
    ("123 Main St Springfield IL 62704", "123 Main St", None, "Springfield", "IL", "62704", None),
    ("Hauptstraße 5, 10115 Berlin", "Hauptstraße 5, 10115 Berlin", None, None, None, None, None),
    ("24 Adelaide Road, Sydney NSW 2000, Australia", "24 Adelaide Road, Sydney NSW 2000, Australia", None, None,
     None, None, None),
    ("The Green House", "The Green House", None, None, None, None, None),
    ("1600 Amphitheatre Pkwy Mountain View CA 94043", "1600 Amphitheatre Pkwy", None, "Mountain View", "CA", "94043",
     None),
]
FIELDS = ("address_line1", "address_line2", "city", "state", "postal_code", "country")


def _ours(cell: str) -> tuple:
    parts = addresses.split_address(cell)
    return tuple(getattr(parts, name) for name in FIELDS)


def _usaddress(cell: str) -> tuple:
    import usaddress

    try:
        tagged, _ = usaddress.tag(cell)
    except usaddress.RepeatedLabelError:
        return (cell, None, None, None, None, None)
    line1 = " ".join(v for k, v in tagged.items() if k in addresses.LINE1) or None
    line2 = " ".join(v for k, v in tagged.items() if k in addresses.LINE2) or None
    return (line1, line2, tagged.get("PlaceName"), tagged.get("StateName"), tagged.get("ZipCode"),
            tagged.get("CountryName"))


def _scourgify(cell: str) -> tuple:
    from scourgify import normalize_address_record

    try:
        found = normalize_address_record(cell)
    except Exception:  # scourgify raises its own errors for what it cannot normalise
        return (cell, None, None, None, None, None)
    return (found.get("address_line_1"), found.get("address_line_2"), found.get("city"), found.get("state"),
            found.get("postal_code"), None)


def _same(got: tuple, want: tuple) -> bool:
    norm = [(g or "").upper().replace(".", "").strip(" ,") for g in got]
    return norm == [(w or "").upper().replace(".", "").strip(" ,") for w in want]


def main() -> None:
    for name, split in (("project (double spaces, usaddress, whole)", _ours), ("usaddress alone", _usaddress),
                        ("usaddress-scourgify", _scourgify)):
        try:
            right = sum(_same(split(cell), want) for cell, *want in CELLS)
        except ImportError:
            print(f"{name:42} not installed")
            continue
        addresses.split_address.cache_clear()
        began = time.perf_counter()
        for _ in range(5):
            addresses.split_address.cache_clear()
            for cell, *_ in CELLS:
                split(cell)
        micros = (time.perf_counter() - began) / (5 * len(CELLS)) * 1e6
        print(f"{name:42} {right:2}/{len(CELLS)} cells all parts right, {micros:6.0f} µs/cell (uncached)")


if __name__ == "__main__":
    main()
