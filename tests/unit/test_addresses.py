"""A whole address in one cell: Mailchimp's double-spaced parts, the US comma form, usaddress for a US address
without commas, and anything else kept whole as the street line; a part given in its own column wins."""

import pytest

from donor_import.domain.addresses import AddressParts, split_address
from donor_import.domain.import_types import ImportType
from donor_import.domain.rows import validate_row


@pytest.mark.parametrize(("cell", "parts"), [
    ("1 Analytical Way  Apt 4  San Francisco  CA  94105  US",
     AddressParts("1 Analytical Way", "Apt 4", "San Francisco", "CA", "94105", "US")),
    ("2 Rue de Rivoli  Paris    75001  FR", AddressParts("2 Rue de Rivoli", None, "Paris", None, "75001", "FR")),
    ("24 Adelaide Road  Sydney  NSW  2000  AU", AddressParts("24 Adelaide Road", None, "Sydney", "NSW", "2000", "AU")),
    ("123 Main St, Springfield, IL 62704", AddressParts("123 Main St", None, "Springfield", "IL", "62704")),
    ("233 S Wacker Dr #3300, Chicago, IL 60606", AddressParts("233 S Wacker Dr", "#3300", "Chicago", "IL", "60606")),
    ("1 Infinite Loop, Cupertino, CA 95014, USA",
     AddressParts("1 Infinite Loop", None, "Cupertino", "CA", "95014", "USA")),
    ("1600 Amphitheatre Pkwy Mountain View CA 94043",
     AddressParts("1600 Amphitheatre Pkwy", None, "Mountain View", "CA", "94043")),
])
def test_an_address_in_one_cell_is_split_into_its_parts(cell, parts):
    assert split_address(cell) == parts


@pytest.mark.parametrize("cell", ["Hauptstraße 5, 10115 Berlin", "200 Elm St, Toronto, ON M5H 2N2", "Belgrano 100",
                                  "The Green House", "9 Patterson Alley, Newcastle, NE1 8AU"])
def test_an_address_no_rule_reads_is_kept_whole_as_the_street_line(cell):
    assert split_address(cell) == AddressParts(address_line1=cell)


def test_a_row_takes_the_split_parts_and_keeps_its_own_columns_over_them():
    cells = {"email": "ada@example.org", "address": "123 Main St, Springfield, IL 62704", "city": "Chatham"}
    row = validate_row(ImportType.CONTACTS, cells, {})
    assert (row["address_line1"], row["city"], row["state"], row["postal_code"]) == (
        "123 Main St", "Chatham", "IL", "62704")
    assert "address" not in row


def test_an_unreadable_address_is_imported_whole_without_a_problem():
    row = validate_row(ImportType.CONTACTS, {"email": "ada@example.org", "address": "Storgatan 1, Stockholm"}, {})
    assert row["address_line1"] == "Storgatan 1, Stockholm"
