"""The pure pieces behind the pages: snippets, charts and the template filters."""

import datetime
from decimal import Decimal

from django.utils import translation

from procurement.templatetags.tracker import money, num, precise_date
from procurement.views import charts
from procurement.views.snippets import around, marked_body, search_snippet, sentence_bounds


def test_it_finds_the_sentence_around_a_span_in_english_and_hindi():
    """Sentences end at . ! ? and the danda (।), or at a line break."""
    body = "पहला वाक्य। एस-४०० की आपूर्ति बाकी है। तीसरा।"
    start = body.index("एस")
    a, b = sentence_bounds(body, start, start + 6)
    assert body[a:b] == "एस-४०० की आपूर्ति बाकी है।"


def test_it_escapes_text_and_marks_only_the_spans():
    """Source text is escaped; only the spans become <mark>."""
    body = "<i>x</i> S-400 & more."
    start = body.index("S-400")
    assert around(body, [(start, start + 5)]) == "&lt;i&gt;x&lt;/i&gt; <mark>S-400</mark> &amp; more."


def test_it_cuts_long_sentences_with_an_ellipsis():
    """A window that cuts a sentence says so."""
    body = "word " * 200 + "S-400 " + "word " * 200
    start = body.index("S-400")
    html = around(body, [(start, start + 5)])
    assert html.startswith("…") and html.endswith("…") and len(html) < 600


def test_it_marks_search_words_case_insensitively():
    """Every search word is marked where it occurs in the snippet's sentence."""
    assert search_snippet("One. Belousov met Singh. Two.", ["belousov", "SINGH"]) == \
        "<mark>Belousov</mark> met <mark>Singh</mark>."


class _Entity:
    name = "S-400"

    def get_absolute_url(self):
        return "/systems/s-400/"


class _Mention:
    entity = _Entity()

    def __init__(self, start, end):
        self.start, self.end = start, end


def test_it_lets_the_first_of_overlapping_mentions_win():
    """Overlapping spans are marked once."""
    html = marked_body("S-400 Triumf", [_Mention(0, 12), _Mention(0, 5)])
    assert html.count("<mark>") == 1 and "<mark>S-400 Triumf</mark>" in html


def test_it_buckets_mentions_by_week_ending_with_the_latest():
    """Weekly buckets start on Mondays and end with the latest mention's week."""
    counts = [(datetime.date(2025, 6, 25), 2), (datetime.date(2025, 6, 26), 3),
              (datetime.date(2025, 7, 2), 1)]
    chart = charts.recent_weeks(counts, today=datetime.date(2026, 1, 1), weeks=4)
    assert [(b.start.isoformat(), b.count) for b in chart.buckets] == [
        ("2025-06-09", 0), ("2025-06-16", 0), ("2025-06-23", 5), ("2025-06-30", 1)]
    assert chart.peak == 5 and chart.total == 6 and chart.bars[2].height == 100


def test_it_switches_to_months_for_long_spans():
    """Mentions spread over years are counted by month, at least a year of them."""
    counts = [(datetime.date(2023, 10, 1), 1), (datetime.date(2025, 6, 26), 1)]
    chart = charts.timeline(counts, today=datetime.date(2026, 1, 1))
    assert chart.period == charts.MONTH and chart.buckets[-1].start == datetime.date(2025, 6, 1)
    assert chart.buckets[0].start == datetime.date(2023, 10, 1) and chart.total == 2


def test_it_draws_an_empty_chart_without_dividing_by_zero():
    """No mentions: an empty chart ending today."""
    chart = charts.timeline([], today=datetime.date(2026, 1, 1))
    assert chart.empty and all(bar.height == 0 for bar in chart.bars)


def test_it_formats_dates_as_precisely_as_their_source():
    """Day, month, year and 'by' precision, in English and in Hindi."""
    day = datetime.date(2025, 6, 26)
    with translation.override("en"):
        assert [precise_date(day, p) for p in ("day", "month", "year", "by")] == \
            ["June 26, 2025", "June 2025", "2025", "by 2025"]
    with translation.override("hi"):
        assert precise_date(day, "day") == "26 जून 2025"
        assert precise_date(day, "by") == "2025 तक"


def test_it_groups_digits_the_indian_way_in_hindi():
    """5430000000 is 5,430,000,000 in English and 5,43,00,00,000 in Hindi."""
    with translation.override("en"):
        assert num(5430000000) == "5,430,000,000" and money(Decimal("5430000000.00"), "USD") == \
            "USD 5,430,000,000"
    with translation.override("hi"):
        assert num(5430000000) == "5,43,00,00,000"


def test_it_keeps_titles_and_initials_inside_the_sentence():
    """'Dr. S. Jaishankar' does not end a sentence: the snippet holds the whole of it."""
    body = ("Talks ended late. On Monday Dr. S. Jaishankar told reporters that the S-400 "
            "deliveries would resume. Nothing else was said.")
    start = body.index("S-400")
    a, b = sentence_bounds(body, start, start + 5)
    assert body[a:b] == ("On Monday Dr. S. Jaishankar told reporters that the S-400 "
                         "deliveries would resume.")
    assert around(body, [(start, start + 5)]).startswith("On Monday Dr. S. Jaishankar")


def test_it_keeps_the_devanagari_abbreviation_inside_the_sentence():
    """'डॉ. एस. जयशंकर' is one name in one sentence."""
    body = "बैठक लंबी चली। डॉ. एस. जयशंकर ने कहा कि एस-400 की खेप जल्द आएगी। और कुछ नहीं।"
    start = body.index("एस-400")
    a, b = sentence_bounds(body, start, start + 6)
    assert body[a:b] == "डॉ. एस. जयशंकर ने कहा कि एस-400 की खेप जल्द आएगी।"
