"""What every CSV the site writes does for the spreadsheet programs that open it.

The pages' exports (views.pages.csv_response) and the API's `?format=csv` (api.renderers) both
write through these, so a file from either opens the same way in Excel or LibreOffice.
"""

# A byte-order mark first: without it Excel reads the file as the machine's legacy code page and
# Devanagari arrives as mojibake. Python's "utf-8-sig" codec (and pandas, which uses it) drop it.
BOM = "\ufeff"

# Text a spreadsheet would run as a formula ("=HYPERLINK(…)", "+1+cmd|…", "@SUM(…)") or treat
# as the start of one after a leading tab or carriage return (OWASP's list). Titles, quotes and
# outlet names are written by strangers.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """`value` made safe for a spreadsheet cell: text that starts like a formula gets a leading
    apostrophe, which the spreadsheet shows as text and does not display.

    Only text is changed. A number is left as it is, so -5 stays a number a sum can use; the
    text "-5" is prefixed like any other text starting with "-", since the program reading it
    cannot tell "-5" from "-5+cmd|…" without evaluating it. None is an empty cell.
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
