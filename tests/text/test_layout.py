"""The title is the first line that reads like a headline; the furniture tail is not the report."""

import pytest

from procurement.text import layout
from procurement.text.layout import is_date_line, is_furniture

REPORT_EN = ("Officials in Delhi said on Tuesday that the third batch of the air-defence "
             "system had reached its base in the north, after a delay of several months caused "
             "by payment routing.")
REPORT_HI = ("दिल्ली में अधिकारियों ने मंगलवार को बताया कि वायु रक्षा प्रणाली की तीसरी खेप उत्तर "
             "के अड्डे पर पहुँच गई है और भुगतान से जुड़ी देरी अब सुलझ गई है, जिससे आगे की "
             "आपूर्ति का रास्ता साफ़ हुआ।")


@pytest.mark.parametrize("top", [
    "Share This Article\n\n",
    "Thursday, March 12, 2026\n\n",
    "Friday, March 13, 2026\n\nTop 10 This Week\n\nRelated Posts\n\n",
    "इसे शेयर करें\n१३ मार्च २०२६\n",
    "नई दिल्ली | 13 मार्च 2026\n",
    "   \n—\n",
])
def test_it_takes_the_first_line_that_reads_like_a_headline(top):
    """Share lines, menu headings, bare dates and datelines above the headline are skipped."""
    body = top + "Third air-defence batch reaches northern base\n\n" + REPORT_EN
    assert layout(body).title == "Third air-defence batch reaches northern base"


def test_it_keeps_a_headline_that_merely_holds_a_date():
    """A date inside a headline does not make it a date line."""
    title = "Minister to visit Moscow on 5 December 2026 for arms talks"
    assert not is_date_line(title)
    assert layout(title + "\n" + REPORT_EN).title == title


def test_it_falls_back_to_the_first_line_when_nothing_reads_like_a_headline():
    """A body of furniture only still gets a title: its first line, as before."""
    assert layout("Share This Article\nRelated Posts\n").title == "Share This Article"


@pytest.mark.parametrize("heading", ["Related Posts", "POPULAR ARTICLES", "Top 5 This Week",
                                     "You may also like:", "ये भी पढ़ें", "संबंधित ख़बरें",
                                     "Also read: Navy orders two more frigates"])
def test_it_flags_the_furniture_tail_at_the_end_of_a_body(heading):
    """A furniture heading followed only by a list of other headlines starts the tail."""
    report = "Third batch reaches base\n\n" + REPORT_EN + "\n\n" + REPORT_HI + "\n\n"
    tail = (heading + "\n\nArmy tests a new rifle in the desert\nMarch 11, 2026\n"
            "Coast guard commissions patrol vessel\n")
    found = layout(report + tail)
    assert found.furniture_from == len(report)
    assert (report + tail)[found.furniture_from:].startswith(heading)


def test_it_flags_a_heading_alone_at_the_end():
    """"Popular Articles" as the body's last line is a tail of one line."""
    body = "Third batch reaches base\n" + REPORT_HI + "\n\nPopular Articles"
    assert layout(body).furniture_from == body.index("Popular Articles")


def test_it_does_not_flag_a_heading_followed_by_more_report():
    """A furniture-like heading in the middle of the report is not the end of it."""
    body = "Third batch reaches base\n" + REPORT_EN + "\nRelated\n" + REPORT_HI + "\n"
    assert layout(body).furniture_from is None


def test_it_does_not_flag_headings_between_title_and_report():
    """Menu headings right under the title are top furniture, not a tail holding the report."""
    body = ("Third batch reaches base\nShare This Article\nलोकप्रिय खबरें\n"
            "Short first paragraph.\nAnother short one.\n")
    assert layout(body).furniture_from is None


def test_it_does_not_flag_a_short_closing_line_of_the_report():
    """A short last line that is not furniture keeps the tail empty."""
    body = "Third batch reaches base\n" + REPORT_HI + "\nभारत और रूस: भरोसे की पुरानी डोर"
    assert layout(body).furniture_from is None


@pytest.mark.parametrize("line", ["Share", "share this article", "Related  Posts",
                                  "यह भी पढ़ें:", "ताज़ा ख़बरें", "Top 3 stories"])
def test_it_knows_furniture_lines_whatever_their_case_spacing_or_nukta(line):
    """Folded comparison: case, spacing, punctuation and nukta do not matter."""
    assert is_furniture(line)


@pytest.mark.parametrize("line", ["Top 5 reasons the S-400 deal survived sanctions pressure",
                                  "Sharing of spares discussed", "Related parties met in Delhi"])
def test_it_does_not_take_headlines_for_furniture(line):
    """A headline that begins like a furniture line is still a headline."""
    assert not is_furniture(line)


def test_it_gives_offsets_into_the_body_as_stored():
    """furniture_from indexes the string given, Devanagari and blank lines included."""
    body = "शीर्षक यहाँ\n\n" + REPORT_HI + "\n\n\nसंबंधित खबरें\nपहली खबर\nदूसरी खबर"
    start = layout(body).furniture_from
    assert body[start:start + len("संबंधित खबरें")] == "संबंधित खबरें"


def test_it_finds_nothing_in_an_empty_body():
    """No lines, no title, no tail."""
    assert layout("\n \n") == layout("")
    assert layout("").title == "" and layout("").furniture_from is None
