import datetime

import pytest

from procurement.text import find_dateline, parse_iso_date

D = datetime.date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Headline here\n\nचिंगदाओ, चीन | 26 जून 2025\nBody.", D(2025, 6, 26)),
        ("Wednesday, November 19, 2025\n\nHeadline", D(2025, 11, 19)),
        ("Headline\n19 Nov 2025\n", D(2025, 11, 19)),
        ("Headline\n2025-11-19\n", D(2025, 11, 19)),
        ("शीर्षक\n२६ जून २०२५\n", D(2025, 6, 26)),
        ("शीर्षक\nबुधवार, 19 नवंबर 2025\n", D(2025, 11, 19)),
        ("Title\nPublished on Nov. 19th, 2025 10:30 IST\n", D(2025, 11, 19)),
        ("Title\nUpdated: 3 Sept 2024\n", D(2024, 9, 3)),
        ("मुंबई | 5 दिसंबर 2025 | एजेंसी\nलेख", D(2025, 12, 5)),
        ("नई दिल्ली, 5 दिसंबर 2025 (भाषा) मंत्री ने आज एक लंबी बात कही जो इस पंक्ति को लंबा बनाती है", D(2025, 12, 5)),
    ],
)
def test_it_reads_the_dateline_in_hindi_or_english(text, expected):
    """A full date standing on its own near the top is the dateline."""
    assert find_dateline(text).date == expected


@pytest.mark.parametrize(
    "spelling, month",
    [
        ("जनवरी", 1), ("फ़रवरी", 2), ("फरवरी", 2), ("मार्च", 3), ("अप्रैल", 4), ("मई", 5), ("जून", 6),
        ("जुलाई", 7), ("अगस्त", 8), ("सितंबर", 9), ("सितम्बर", 9), ("अक्टूबर", 10), ("अक्तूबर", 10),
        ("नवंबर", 11), ("नवम्बर", 11), ("दिसंबर", 12), ("दिसम्बर", 12),
        ("January", 1), ("Feb", 2), ("MARCH", 3), ("Apr.", 4), ("May", 5), ("Jun", 6), ("July", 7),
        ("Aug", 8), ("Sep", 9), ("October", 10), ("Nov", 11), ("Dec", 12),
    ],
)
def test_it_knows_every_month_spelling(spelling, month):
    """Hindi spelling variants and English full/abbreviated months all parse."""
    from procurement.text.normalise import storage_form

    assert find_dateline(storage_form(f"Title\n4 {spelling} 2024\n")).date == D(2024, month, 4)


def test_it_returns_the_span_and_text_of_the_date():
    """The Dateline's span indexes the text given, Devanagari digits and all."""
    text = "शीर्षक\n\nदिल्ली | २६ जून २०२५\n"
    dateline = find_dateline(text)
    assert text[dateline.start : dateline.end] == dateline.text == "२६ जून २०२५"


def test_it_does_not_guess_a_missing_year():
    """"5 दिसंबर (भाषा)" has no year: unknown stays unknown."""
    assert find_dateline("नई दिल्ली, 5 दिसंबर (भाषा) मंत्री ने कहा।") is None


def test_it_ignores_month_and_year_without_a_day():
    """"अक्टूबर 2019" is not a dateline."""
    assert find_dateline("शीर्षक\nअक्टूबर 2019 में यह हुआ।") is None


def test_it_ignores_a_date_inside_a_sentence():
    """A date with words around it is part of a sentence, not a dateline."""
    assert find_dateline("शीर्षक\nमंत्री ने 22 अप्रैल 2025 को हुए हादसे पर बात की।") is None
    assert find_dateline("Putin will visit on 5 December 2025\n") is None
    assert find_dateline("22 अप्रैल 2025 को बैठक होगी\n") is None


def test_it_ignores_a_date_deep_in_a_long_line():
    """A separator before the date is not enough when a whole sentence precedes it."""
    line = "मंत्री ने आज कई बातें कहीं और फिर जोड़ा कि अगला दौर तय है, 22 अप्रैल 2025, और फिर बात खत्म हुई"
    assert find_dateline("शीर्षक\n" + line) is None


def test_it_reads_only_the_first_lines():
    """A dateline-looking line after max_lines non-empty lines is ignored."""
    text = "एक\nदो\nतीन\n\nचार\n19 Nov 2025\n"
    assert find_dateline(text, max_lines=4) is None
    assert find_dateline(text, max_lines=5).date == D(2025, 11, 19)


def test_it_reads_only_the_first_characters():
    """Nothing past max_chars is read."""
    text = "x" * 50 + "\n19 Nov 2025\n"
    assert find_dateline(text, max_chars=40) is None
    assert find_dateline(text, max_chars=400) is not None


def test_it_rejects_impossible_dates():
    """31 February is not a date."""
    assert find_dateline("Title\n31 February 2025\n") is None
    assert find_dateline("Title\n2025-02-30\n") is None


def test_it_skips_an_impossible_date_and_keeps_looking():
    """An invalid date on one line does not stop the search."""
    assert find_dateline("31 February 2025\n1 March 2025\n").date == D(2025, 3, 1)


def test_it_returns_none_for_empty_text():
    """No text, no dateline."""
    assert find_dateline("") is None


def test_it_parses_an_iso_date():
    """parse_iso_date reads YYYY-MM-DD."""
    assert parse_iso_date("2025-11-19") == D(2025, 11, 19)


@pytest.mark.parametrize("value", ["2025-13-01", "2025-02-30", "19/11/2025", "2025-1-9", " 2025-11-19", "", "२०२५-११-१९"])
def test_it_rejects_anything_but_an_iso_date_with_a_readable_message(value):
    """Bad input raises ValueError naming the value and the expected format."""
    with pytest.raises(ValueError) as excinfo:
        parse_iso_date(value)
    assert str(excinfo.value) == f"{value!r} is not a date (use YYYY-MM-DD)"


def test_it_rejects_a_non_string_date():
    """A number from JSON is not a date either."""
    with pytest.raises(ValueError, match="is not a date"):
        parse_iso_date(20251119)
