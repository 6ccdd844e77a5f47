"""The one rule both CSV exports (the pages' and the API's) write cells by."""

import pytest

from procurement.spreadsheets import BOM, neutralise


@pytest.mark.parametrize("text", ['=HYPERLINK("http://example.org")', "+1+1", "-5",
                                  "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"])
def test_it_prefixes_text_a_spreadsheet_would_run_as_a_formula(text):
    """Every start OWASP lists, the text "-5" included: it is text, and may be more than -5."""
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", [-5, -1.5, 0, 2025, "S-400", "एस-400", "", "a=b", " =1",
                                   "'quoted"])
def test_it_leaves_numbers_and_ordinary_text_alone(value):
    """A negative number is a number, not a formula: a sum over the column must still work."""
    assert neutralise(value) == value


def test_it_writes_none_as_an_empty_cell_and_marks_utf8():
    assert neutralise(None) == ""
    assert BOM.encode("utf-8") == b"\xef\xbb\xbf"
