"""File names: safe in an S3 key, shortened without losing the extension, named in any script on download."""

import re
from urllib.parse import unquote

import pytest

from donor_import.domain.file_names import MAX_FILE_NAME, content_disposition, safe_file_name
from donor_import.domain.reader import file_format


@pytest.mark.parametrize("length", [121, 180, 255])
def test_a_long_valid_name_is_shortened_before_its_extension(length):
    name = "Spendenliste Jahresabschluss " + "x" * (length - len("Spendenliste Jahresabschluss ") - 5) + ".xlsx"
    assert len(name) == length
    safe = safe_file_name(name)
    assert len(safe) == MAX_FILE_NAME
    assert safe.startswith("Spendenliste Jahresabschluss xxx") and safe.endswith("x.xlsx")
    assert file_format(safe) == "xlsx"


def test_a_shortened_name_does_not_end_its_stem_in_a_dot_or_space():
    name = "a" * 110 + " . . . . . . . . . . " + ".csv"
    safe = safe_file_name(name)
    assert safe == "a" * 110 + ".csv"


def test_short_names_and_names_without_an_extension_are_kept_as_they_were():
    assert safe_file_name("Spenden-März.xlsx") == "Spenden-März.xlsx"
    assert safe_file_name("C:\\Users\\me\\contacts.csv") == "contacts.csv"
    assert safe_file_name("y" * 200) == "y" * MAX_FILE_NAME
    assert safe_file_name("../..") == "upload"


def downloaded_as(header: str) -> str:
    """The name a browser saves the file under: filename* when it is there (RFC 6266 section 4.3)."""
    params = dict(re.findall(r';\s*([\w*]+)=("[^"]*"|[^;]*)', header))
    if "filename*" in params:
        charset, _language, value = params["filename*"].split("'", 2)
        return unquote(value, encoding=charset)
    return params["filename"].strip('"')


def test_a_non_ascii_download_name_is_sent_as_rfc_6266_filename_star_with_an_ascii_fallback():
    header = content_disposition("Spenden-März.xlsx")
    assert header == "attachment; filename=\"Spenden-Marz.xlsx\"; filename*=UTF-8''Spenden-M%C3%A4rz.xlsx"
    assert downloaded_as(header) == "Spenden-März.xlsx"


def test_a_name_in_another_script_falls_back_to_underscores_never_to_an_empty_or_quoted_name():
    header = content_disposition("Пожертвования 2024.csv")
    fallback = header.split('filename="', 1)[1].split('"', 1)[0]
    assert fallback == "_____________ 2024.csv"
    assert downloaded_as(header) == "Пожертвования 2024.csv"
    assert content_disposition("名簿.csv").startswith('attachment; filename="__.csv";')


def test_an_ascii_name_needs_no_filename_star():
    assert content_disposition("contacts (1).csv") == 'attachment; filename="contacts (1).csv"'
    assert downloaded_as(content_disposition("contacts (1).csv")) == "contacts (1).csv"
