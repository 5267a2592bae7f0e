"""Cell parsers: each takes the text a person typed and gives a clean value, or a ValueError a person understands."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from donor_import.domain.values import (
    FREQUENCIES,
    INTERACTION_TYPES,
    AmbiguousDate,
    DateOrder,
    _north_american,
    _parsed_phone,
    _plain_email,
    conventional_date_order,
    excel_cell_text,
    is_ambiguous_date,
    numeric_date_order,
    parse_amount,
    parse_choice,
    parse_date,
    parse_email,
    parse_integer,
    parse_phone,
    parse_tags,
)

# --- dates -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ISO, with or without a time and a zone
        ("2024-03-31", date(2024, 3, 31)),
        ("2024-3-5", date(2024, 3, 5)),
        ("2024/03/31", date(2024, 3, 31)),
        ("2024.03.31", date(2024, 3, 31)),
        ("2024-03-31T10:15:00Z", date(2024, 3, 31)),
        ("2024-03-31 10:15", date(2024, 3, 31)),
        ("2024-03-31T10:15:00.123+02:00", date(2024, 3, 31)),
        ("  2024-03-31  ", date(2024, 3, 31)),
        # US: the day above 12 says month first
        ("03/31/2024", date(2024, 3, 31)),
        ("3/31/2024", date(2024, 3, 31)),
        ("12/25/2024 10:30 AM", date(2024, 12, 25)),
        ("12/25/2024, 22:30:00", date(2024, 12, 25)),
        # European: the day above 12 says day first, with slashes, dashes or dots
        ("31/03/2024", date(2024, 3, 31)),
        ("31-03-2024", date(2024, 3, 31)),
        ("31.03.2024", date(2024, 3, 31)),
        ("25.12.2024 08:00", date(2024, 12, 25)),
        # the same number twice is the same date whichever comes first
        ("05/05/2024", date(2024, 5, 5)),
        # two-digit years: below 70 is this century, from 70 the last
        ("31/03/24", date(2024, 3, 31)),
        ("12/31/99", date(1999, 12, 31)),
        ("31.12.69", date(2069, 12, 31)),
        ("01.01.70", date(1970, 1, 1)),
        # written months, English
        ("March 31, 2024", date(2024, 3, 31)),
        ("March 31 2024", date(2024, 3, 31)),
        ("Mar 31, 2024", date(2024, 3, 31)),
        ("Mar. 31, 2024", date(2024, 3, 31)),
        ("march 31st, 2024", date(2024, 3, 31)),
        ("Sunday, March 31, 2024", date(2024, 3, 31)),
        ("31 March 2024", date(2024, 3, 31)),
        ("31st March 2024", date(2024, 3, 31)),
        ("1 Sept 2024", date(2024, 9, 1)),
        ("Dec 25 2024", date(2024, 12, 25)),
        # written months, German (and a French one)
        ("31. März 2024", date(2024, 3, 31)),
        ("31. Maerz 2024", date(2024, 3, 31)),
        ("1. Mai 2024", date(2024, 5, 1)),
        ("24. Dezember 2024", date(2024, 12, 24)),
        ("3. Okt. 2024", date(2024, 10, 3)),
        ("15. Jänner 2024", date(2024, 1, 15)),
        ("Montag, 1. Juli 2024", date(2024, 7, 1)),
        ("14 juillet 2024", date(2024, 7, 14)),
        ("15 août 2024", date(2024, 8, 15)),
        # upper case, umlauts and accents included
        ("31. MÄRZ 2024", date(2024, 3, 31)),
        ("15 AOÛT 2024", date(2024, 8, 15)),
        ("1 DÉCEMBRE 2024", date(2024, 12, 1)),
        ("MONTAG, 1. JULI 2024", date(2024, 7, 1)),
        # dots are written day first, so an ambiguous dotted date is not ambiguous
        ("01.02.2024", date(2024, 2, 1)),
        ("03.04.24", date(2024, 4, 3)),
        # Excel's default d-mmm-yy format, as a CSV saved from Excel shows it
        ("31-Mar-24", date(2024, 3, 31)),
        ("31-Mar-2024", date(2024, 3, 31)),
        # Excel serial dates (days since 1899-12-30), with or without a time fraction
        ("45382", date(2024, 3, 31)),
        ("45382.75", date(2024, 3, 31)),
        ("45292", date(2024, 1, 1)),
        ("20000", date(1954, 10, 3)),
    ],
)
def test_parse_date_accepts_common_formats(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["03/04/2024", "3/4/24", "01/02/24", "11-12-2024", "03/04/2024 10:00"])
def test_parse_date_refuses_a_date_whose_order_the_value_does_not_say(text):
    with pytest.raises(AmbiguousDate, match="ambiguous"):
        parse_date(text)


def test_ambiguous_date_is_a_value_error_so_row_validation_reports_it():
    assert issubclass(AmbiguousDate, ValueError)


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("03/04/2024", DateOrder.DAY_FIRST, date(2024, 4, 3)),
        ("03/04/2024", DateOrder.MONTH_FIRST, date(2024, 3, 4)),
        ("01.02.24", DateOrder.DAY_FIRST, date(2024, 2, 1)),
        ("01.02.24", DateOrder.MONTH_FIRST, date(2024, 1, 2)),
        # an unambiguous value reads the same whatever the order given
        ("2024-04-03", DateOrder.MONTH_FIRST, date(2024, 4, 3)),
        ("31 March 2024", DateOrder.MONTH_FIRST, date(2024, 3, 31)),
    ],
)
def test_parse_date_follows_the_order_it_is_given(text, order, expected):
    assert parse_date(text, order) == expected


def test_parse_date_order_given_as_string_value_works_like_the_enum():
    assert parse_date("03/04/2024", DateOrder("DMY")) == date(2024, 4, 3)


def test_a_value_that_contradicts_the_given_order_is_not_a_real_date():
    with pytest.raises(ValueError, match="not a real date"):
        parse_date("25/12/2024", DateOrder.MONTH_FIRST)


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2024",  # February has no 31st
        "02/31/2024",
        "29.02.2023",  # not a leap year
        "2024-02-30",
        "2024-13-01",
        "2024-00-10",
        "31 April 2024",
        "February 30, 2024",
        "13/14/2024",  # neither number can be a month
        "31/31/2024",
        "00/00/2024",
    ],
)
def test_parse_date_refuses_impossible_dates(text):
    with pytest.raises(ValueError, match="not a real date") as raised:
        parse_date(text)
    assert not isinstance(raised.value, AmbiguousDate)
    assert text in str(raised.value)


def test_parse_date_accepts_february_29_in_a_leap_year():
    assert parse_date("29.02.2024") == date(2024, 2, 29)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "yesterday", "2024", "31/03", "Smarch 31, 2024", "19999", "80001", "123456", "1/2/3/4", "12:30"],
)
def test_parse_date_refuses_what_is_not_a_date(text):
    with pytest.raises(ValueError) as raised:
        parse_date(text)
    assert not isinstance(raised.value, AmbiguousDate)


def test_parse_date_names_an_unknown_month():
    with pytest.raises(ValueError, match="unknown month 'Smarch'"):
        parse_date("31 Smarch 2024")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25/12/2024", DateOrder.DAY_FIRST),
        ("25.12.24", DateOrder.DAY_FIRST),
        ("12/25/2024", DateOrder.MONTH_FIRST),
        ("1/13/2024 9:00", DateOrder.MONTH_FIRST),
        ("03/04/2024", None),  # ambiguous: says nothing
        ("05/05/2024", None),
        ("2024-12-25", None),  # not d/m/y shaped
        ("March 3, 2024", None),
        ("45382", None),
        ("", None),
    ],
)
def test_numeric_date_order_tells_what_a_value_says_about_its_column(text, expected):
    assert numeric_date_order(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("03/04/2024", True), ("01.02.24", True), ("05/05/2024", False), ("25/12/2024", False), ("2024-03-04", False)],
)
def test_is_ambiguous_date(text, expected):
    assert is_ambiguous_date(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("01.02.2024", DateOrder.DAY_FIRST), ("1.2.24 10:30", DateOrder.DAY_FIRST), ("01/02/2024", None),
     ("01-02-2024", None), ("2024.02.01", None), ("1 Feb 2024", None)],
)
def test_conventional_date_order_is_day_first_for_dots_only(text, expected):
    assert conventional_date_order(text) == expected


def test_a_dotted_date_follows_the_columns_order_when_one_is_given():
    assert parse_date("01.02.2024", DateOrder.MONTH_FIRST) == date(2024, 1, 2)
    assert parse_date("01.02.2024", DateOrder.DAY_FIRST) == date(2024, 2, 1)


def test_date_order_values_are_the_strings_the_api_uses():
    assert DateOrder.DAY_FIRST == "DMY"
    assert DateOrder.MONTH_FIRST == "MDY"


# --- amounts -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$1,234.56", "1234.56"),
        ("1.234,56 €", "1234.56"),
        ("€1.234,56", "1234.56"),
        ("12,50", "12.50"),
        ("12.50", "12.50"),
        ("1,234", "1234.00"),  # one mark and three digits: thousands
        ("1.234", "1234.00"),
        ("1,234,567", "1234567.00"),
        ("1.234.567,89", "1234567.89"),
        ("1,234,567.89", "1234567.89"),
        ("0,5", "0.50"),
        ("0.750", "0.75"),  # "0" before the mark: a decimal, never thousands
        ("1.5", "1.50"),
        ("EUR 99", "99.00"),
        ("99 EUR", "99.00"),
        ("usd 10", "10.00"),
        ("£ 25", "25.00"),
        ("CHF 1'234.50", "1234.50"),
        ("1 234,56", "1234.56"),
        ("1\u00a0234,56 €", "1234.56"),
        ("+5", "5.00"),
        ("  42  ", "42.00"),
        ("100", "100.00"),
        ("0.01", "0.01"),
    ],
)
def test_parse_amount_reads_currency_and_separators(text, expected):
    amount = parse_amount(text)
    assert isinstance(amount, Decimal)
    assert amount == Decimal(expected)
    assert str(amount) == expected  # always two decimal places


@pytest.mark.parametrize(
    "text",
    ["-5", "5-", "(12.00)", "-$5", "$-5", "€ -5,00", "USD -5", "$(12.00)", "(€12)", "0", "0.00", "0,00 €", "0.001"],
)
def test_parse_amount_refuses_amounts_that_are_not_positive(text):
    with pytest.raises(ValueError, match="not a positive amount") as raised:
        parse_amount(text)
    assert repr(text.strip()) in str(raised.value)


@pytest.mark.parametrize(
    "text", ["abc", "", "   ", "-", "$", "1.2.3,4,5", "12abc34", "1e5", "five", "N/A", "12/05", "1,2,3.4.5"],
)
def test_parse_amount_refuses_what_is_not_an_amount(text):
    with pytest.raises(ValueError, match="is not an amount"):
        parse_amount(text)


# --- phone numbers -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        ("030 1234567", "DE", "+49301234567"),
        ("0151 12345678", "DE", "+4915112345678"),
        ("+49 30 1234567", "US", "+49301234567"),  # an international number ignores the default region
        ("0049 30 1234567", "DE", "+49301234567"),
        ("(415) 555-0100", "US", "+14155550100"),
        ("415.555.0100", "US", "+14155550100"),
        ("+1 415 555 0100", "US", "+14155550100"),
        ("1-415-555-0100", "US", "+14155550100"),
        ("020 7946 0958", "GB", "+442079460958"),
        # a spreadsheet that kept a number as a number dropped its '+': the country code is not doubled
        ("4915112345678", "DE", "+4915112345678"),
        ("14155550100", "US", "+14155550100"),
    ],
)
def test_parse_phone_normalises_to_e164(text, region, expected):
    assert parse_phone(text, region) == expected


def test_parse_phone_default_region_is_us():
    assert parse_phone("(415) 555-0100") == "+14155550100"


@pytest.mark.parametrize(
    ("text", "region", "reason"),
    [
        ("12345", "US", "not a valid phone number for region US"),
        ("555-0100", "US", "not a valid phone number for region US"),
        ("+1 123 456 7890", "US", "not a valid phone number"),
        ("abc", "US", "is not a phone number"),
        ("", "US", "is not a phone number"),
        ("030 1234567", "US", "not a valid phone number for region US"),  # a Berlin number read as American
    ],
)
def test_parse_phone_refuses_invalid_numbers(text, region, reason):
    with pytest.raises(ValueError, match=reason):
        parse_phone(text, region)


# Mostly the forms the quick way reads, and the near misses it must leave to the library.
PHONE_GLUE = (st.sampled_from(["", "", "(", "(", " ", "-", ")"]),
              st.sampled_from(["", " ", ".", "-", ")", ") ", ")-", "/", "  ", "("]),
              st.sampled_from(["", " ", ".", "-", "/", " - ", "(", ")"]))


def _digits(*sizes: int):
    return st.sampled_from(sizes).flatmap(lambda size: st.text("0123456789", min_size=size, max_size=size))


@settings(max_examples=2000, deadline=None)
@given(groups=st.tuples(_digits(3, 3, 3, 2, 4), _digits(3, 3, 3, 2, 4), _digits(4, 4, 4, 3, 5)),
       glue=st.tuples(*PHONE_GLUE),
       start=st.sampled_from(["", "", "", "+1", "1", "+1 ", "1 ", "1-", "+1-", "+", "+44 ", "0", "001 ", "11"]),
       end=st.sampled_from(["", "", "", " ", " ext 5", "x12", ")"]),
       region=st.sampled_from(["US", "US", "CA", "PR", "JM", "GB"]))
def test_a_north_american_number_is_read_as_the_library_reads_it(groups, glue, start, end, region):
    value = start + "".join(g + digits for g, digits in zip(glue, groups, strict=True)) + end
    quick = _north_american(value, region)
    assert quick is None or quick == _parsed_phone(value, region)  # a number the library refuses is never taken


@settings(max_examples=2000, deadline=None)
@given(area=st.integers(200, 999), exchange=st.integers(200, 999), line=st.integers(0, 9999),
       start=st.sampled_from(["", "+1", "1", "+1 ", "1 ", "1-", "+1.", "1."]),
       parentheses=st.booleans(), glue=st.tuples(*[st.sampled_from(["", " ", ".", "-"])] * 2),
       region=st.sampled_from(["US", "CA", "PR", "JM", "AG"]))
def test_every_form_the_quick_way_reads_is_the_number_the_library_reads(area, exchange, line, start, parentheses, glue,
                                                                         region):
    first = f"({area}){glue[0].strip('.-')}" if parentheses else f"{area}{glue[0]}"
    value = f"{start}{first}{exchange}{glue[1]}{line:04d}"
    assert _north_american(value, region) == _parsed_phone(value, region)


@pytest.mark.parametrize("value", ["(415) 555-0100", "415.555.0100", "415-555-0100", "415 555 0100", "4155550100",
                                   "+1 415 555 0100", "+14155550100", "1 (415) 555-0100", "1-415-555-0100",
                                   "14155550100", "+1 (415) 555-0100"])
@pytest.mark.parametrize("region", ["US", "CA"])
def test_the_usual_north_american_forms_take_the_quick_way_to_the_same_number(value, region):
    assert _north_american(value, region) == _parsed_phone(value, region)


# --- emails ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jane@example.org", "jane@example.org"),
        ("  jane@example.org  ", "jane@example.org"),
        ("John.Doe@Example.COM", "John.Doe@example.com"),  # the domain is lower-cased, the local part kept
        ("jane+gala@Example.Org", "jane+gala@example.org"),
        ("josé@exämple.org", "josé@exämple.org"),
    ],
)
def test_parse_email_normalises(text, expected):
    assert parse_email(text) == expected


@pytest.mark.parametrize("text", ["not-an-email", "a@b", "a@@b.com", "jane@", "@example.org", "jane doe@example.org",
                                  "jane@example..org", ""])
def test_parse_email_refuses_invalid_addresses(text):
    with pytest.raises(ValueError, match="is not a valid email address"):
        parse_email(text)


LOCAL_CHARS = "abcXYZ019!#$%&'*+/=?^_`{|}~-.\" @"
LABELS = st.sampled_from(["example", "Example", "EXAMPLE-co", "mail", "x", "a" * 63, "a" * 64, "-bad", "bad-", "123",
                          "xn--bcher-kva", "localhost", "local", "test", "invalid", "onion", "", "org", "co", "uk"])


@settings(max_examples=3000, deadline=None)
@given(local=st.text(LOCAL_CHARS, min_size=0, max_size=70), labels=st.lists(LABELS, min_size=1, max_size=5))
def test_a_plain_address_is_read_as_email_validator_reads_it(local, labels):
    value = f"{local}@{'.'.join(labels)}"
    try:
        expected = validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        expected = None
    plain = _plain_email(value)
    assert plain is None or plain == expected  # a refused address is never taken for a plain one


@pytest.mark.parametrize("value", ["John.Doe@Example.COM", "o'brien+gala@mail.example.co.uk",
                                   "a!#$%&*/=?^_`{|}~-@x.org", f"{'a' * 65}@example.org"])
def test_a_plain_address_takes_the_quick_way_to_the_same_answer(value):
    assert _plain_email(value) == validate_email(value, check_deliverability=False).normalized


def test_a_long_plain_address_is_refused_as_the_library_refuses_it():
    value = f"{'a' * 64}@{'.'.join(['b' * 63] * 3)}.org"  # 64 + 1 + 195 characters: over 254
    assert _plain_email(value) is None
    with pytest.raises(ValueError, match="is not a valid email address"):
        parse_email(value)


# --- choices, tags, integers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("monthly", "monthly"),
        ("Monthly", "monthly"),
        (" every month ", "monthly"),
        ("monatlich", "monthly"),
        ("Yearly", "annual"),
        ("annually", "annual"),
        ("jährlich", "annual"),
        ("one-time", "once"),
        ("Quarterly", "quarterly"),
        ("vierteljährlich", "quarterly"),
        ("twice a year", "semiannual"),
        ("weekly", "weekly"),
    ],
)
def test_parse_choice_frequency_synonyms(text, expected):
    assert parse_choice(text, FREQUENCIES, "frequency") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call", "call"),
        ("Phone Call", "call"),
        ("Anruf", "call"),
        ("E-Mail", "email"),
        ("in person", "meeting"),
        ("Gala", "event"),
        ("Thank You Letter", "letter"),
        ("site visit", "visit"),
        ("Other", "note"),
    ],
)
def test_parse_choice_interaction_type_synonyms(text, expected):
    assert parse_choice(text, INTERACTION_TYPES, "interaction type") == expected


def test_parse_choice_refuses_an_unknown_value_and_lists_the_known_ones():
    with pytest.raises(ValueError) as raised:
        parse_choice("whenever", FREQUENCIES, "frequency")
    message = str(raised.value)
    assert "'whenever' is not a known frequency" in message
    for name in ("once", "weekly", "monthly", "quarterly", "semiannual", "annual"):
        assert name in message
    assert "every month" not in message  # the names, not their synonyms


def test_choice_tables_map_every_name_to_itself():
    assert {FREQUENCIES[name] for name in set(FREQUENCIES.values())} == set(FREQUENCIES.values())
    assert set(INTERACTION_TYPES.values()) == {"call", "email", "meeting", "event", "letter", "visit", "note"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("major donor", ["major donor"]),
        ("b, a; c|a", ["a", "b", "c"]),
        (" volunteer ,, board ; ", ["board", "volunteer"]),
        ("", []),
        (" ; , ", []),
    ],
)
def test_parse_tags_splits_trims_deduplicates_and_sorts(text, expected):
    assert parse_tags(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("12", 12), (" 7 ", 7), ("1,000", 1000), ("3.0", 3), ("0", 0)])
def test_parse_integer(text, expected):
    assert parse_integer(text) == expected


@pytest.mark.parametrize("text", ["2.5", "-1", "abc", "", "twelve", "nan", "inf"])
def test_parse_integer_refuses_what_is_not_a_whole_number(text):
    with pytest.raises(ValueError, match="is not a whole number"):
        parse_integer(text)


# --- spreadsheet cells as text -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("", ""),
        ("02139", "02139"),
        (True, "TRUE"),
        (False, "FALSE"),
        (5, "5"),
        (0, "0"),
        (4915112345678.0, "4915112345678"),
        (100.0, "100"),
        (12.5, "12.5"),
        (-3.25, "-3.25"),
        (date(2024, 3, 31), "2024-03-31"),
        (datetime(2024, 3, 31), "2024-03-31"),
        (datetime(2024, 3, 31, 10, 30), "2024-03-31 10:30:00"),
        (timedelta(hours=1, minutes=30), "1:30:00"),
        (time(10, 30), "10:30:00"),
    ],
)
def test_excel_cell_text_is_what_a_person_sees(value, expected):
    assert excel_cell_text(value) == expected
