"""Snippets are cut between graphemes: never inside a Devanagari syllable or conjunct."""

import pytest

from procurement.text.graphemes import cluster_end, cluster_start, is_boundary, snippet

WORD = "क्षेत्र"  # क ् ष े त ् र: one conjunct cluster क्षे, then त्र


def test_it_keeps_a_consonant_and_its_vowel_sign_together():
    """की is one grapheme: no cut between क and ी."""
    assert not is_boundary("की", 1)
    assert (cluster_start("की", 1), cluster_end("की", 1)) == (0, 2)


@pytest.mark.parametrize("cut", range(1, len(WORD)))
def test_it_never_splits_a_virama_conjunct(cut):
    """Inside क्षेत्र a cut moves to the edge of क्षे or त्र, wherever it lands."""
    assert cluster_start(WORD, cut) in (0, 4)
    assert cluster_end(WORD, cut) in (4, 7)


def test_it_keeps_a_conjunct_written_with_a_joiner_whole():
    """Virama + ZWJ + consonant (an explicit half form) is still one cluster."""
    assert not is_boundary("क्\u200dष", 3)


def test_it_breaks_between_plain_letters_and_at_the_edges():
    """Latin letters, spaces and the ends of the text are boundaries."""
    assert all(is_boundary("S-400 Su", i) for i in range(9))


def test_it_keeps_combining_accents_and_crlf_together():
    """e + combining acute, and CR LF, are one grapheme each."""
    assert not is_boundary("e\u0301", 1)
    assert not is_boundary("a\r\nb", 2)


def test_it_cuts_a_snippet_at_grapheme_boundaries_and_keeps_the_mention_exact():
    """A window that would start mid-syllable starts at the syllable instead."""
    text = "रक्षा मंत्री ने कहा कि एस-400 की आपूर्ति जारी है और क्षेत्र में"
    start = text.index("एस-400")
    before, match, after = snippet(text, start, start + 6, width=10)
    assert match == "एस-400"
    assert text.index(before) + len(before) == start
    for part in (before, after):
        assert part and is_boundary(text, text.index(part)) and is_boundary(
            text, text.index(part) + len(part))


def test_it_starts_the_snippet_at_a_whole_word_when_one_is_near():
    """A partial word at the edge of the window is dropped."""
    text = "alpha bravo charlie delta S-400 echo foxtrot golf"
    before, match, after = snippet(text, 26, 31, width=14)
    assert (before, match, after) == ("delta ", "S-400", " echo foxtrot")


def test_it_reads_as_one_line():
    """Line breaks inside the window become single spaces."""
    assert snippet("one\n\ntwo S-400\nthree", 9, 14) == ("one two ", "S-400", " three")
