"""Property tests: offsets always lead back to the source, and nothing crashes."""

import os
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from procurement.text import (
    Matcher,
    body_hash,
    detect_language,
    find_dateline,
    fold,
    minhash,
    script_of,
    sentences,
    shingles,
    storage_form,
    suggest_claims,
)
from procurement.text import normalise

# TEXT_PROPERTY_EXAMPLES=20000 for a long hunt; 200 keeps the suite fast.
SETTINGS = settings(max_examples=int(os.environ.get("TEXT_PROPERTY_EXAMPLES", "200")), deadline=None)

ALPHABET = list(
    "कखगजफयडढरसतनमहािीुूेैोौंँः़्"  # Devanagari letters, matras, signs, nukta
    "०१२४९"
    "aAsSuUmMkKiI0123456789"
    "шойгуШОЙГУё"
    "-–—‑−\u00ad"
    " \u00a0\u2009\n\t"
    "\u200b\u200c\u200d\u2060\ufeff"
    "'’.,।|()&"
) + ["\u0958", "\u095c", "İ", "ß"]
mixed_text = st.text(alphabet=st.sampled_from(ALPHABET), max_size=60)
garbage = st.one_of(st.text(max_size=200), st.binary(max_size=200).map(lambda b: b.decode("utf-8", "replace")))


def _mapped(ch: str) -> str:
    return normalise._TABLE.get(ord(ch), ch).lower()


def reference_fold(text: str) -> tuple[str, list[int]]:
    """Fold the slow, obvious way: one character at a time, then separator runs."""
    chars = [(_mapped(ch), i) for i, ch in enumerate(text)]
    kept = []
    for ch, i in chars:
        if ch == "\u093c":
            # A nukta goes after क ख ग ज फ य, even behind invisibles or other nuktas.
            j = i - 1
            while j > 0 and chars[j][0] in "\u093c\u200b":
                j -= 1
            if j >= 0 and chars[j][0] in "कखगजफय":
                continue
        kept.append((ch, i))
    out: list[tuple[str, int]] = []
    k = 0
    while k < len(kept):
        ch, i = kept[k]
        if ch not in " -\u200b":
            out.append((ch, i))
            k += 1
            continue
        end = k
        while end < len(kept) and kept[end][0] in " -\u200b":
            end += 1
        run = kept[k:end]
        # Neighbours as they were before any deletion (a dropped nukta still counts).
        first, last = run[0][1], run[-1][1]
        before = _mapped(text[first - 1]) if first > 0 else ""
        after = _mapped(text[last + 1]) if last + 1 < len(text) else ""
        is_letter = normalise._is_letter
        if before and after and ((is_letter(before) and after.isdigit()) or (before.isdigit() and is_letter(after))):
            pass  # designation parts join
        elif before and after and is_letter(before) and is_letter(after):
            spaces = [i for c, i in run if c == " "] or [i for c, i in run if c == "-"]
            if spaces:
                out.append((" ", spaces[0]))
        else:
            for c, i in run:
                if c == "\u200b" or (c == " " and out and out[-1][0] == " " and out[-1][1] >= first):
                    continue
                out.append((c, i))
        k = end
    return "".join(c for c, _ in out), [i for _, i in out] + [len(text)]


@SETTINGS
@given(mixed_text)
def test_it_folds_like_the_obvious_reference(text):
    """The fast fold gives the same text and offsets as a character-by-character fold."""
    folded = fold(text)
    assert (folded.text, folded.offsets) == reference_fold(text)


@SETTINGS
@given(mixed_text)
def test_it_maps_every_folded_character_into_the_source(text):
    """Offsets are increasing, in range, and end at len(source)."""
    folded = fold(text)
    offsets = folded.offsets
    assert len(offsets) == len(folded.text) + 1 and offsets[-1] == len(text)
    assert all(a < b for a, b in zip(offsets[:-2], offsets[1:-1]))
    assert all(0 <= o < len(text) for o in offsets[:-1])


@SETTINGS
@given(mixed_text)
def test_it_folds_idempotently(text):
    """Folding folded text changes nothing."""
    once = fold(text).text
    assert fold(once).text == once


@SETTINGS
@given(st.text(max_size=80))
def test_it_stores_idempotently(text):
    """Storing stored text changes nothing."""
    assert storage_form(storage_form(text)) == storage_form(text)


@SETTINGS
@given(mixed_text, st.lists(mixed_text, max_size=6), st.data())
def test_it_quotes_every_match_exactly(text, aliases, data):
    """For every Match m: text[m.start:m.end] == m.text, and m.text folds to a registered alias."""
    # Substrings of the text make hits likely.
    for _ in range(3):
        if text:
            a = data.draw(st.integers(0, len(text) - 1))
            b = data.draw(st.integers(a + 1, len(text)))
            aliases.append(text[a:b])
    text = storage_form(text)
    matcher = Matcher(list(enumerate(aliases)))
    matches = matcher.find(text)
    last_end = 0
    for m in matches:
        assert text[m.start : m.end] == m.text
        assert last_end <= m.start < m.end
        last_end = m.end
        assert m.key in matcher.keys_for(normalise.fold_alias(m.text))


@SETTINGS
@given(garbage)
def test_it_never_crashes_on_any_text(text):
    """Random text and decoded random bytes go through every entry point."""
    stored = storage_form(text)
    fold(text)
    matcher = Matcher([("k", "S-400"), ("k", text[:10]), ("s", "एस")])
    matches = matcher.find(stored)
    find_dateline(text)
    sentences(text)
    suggest_claims(stored, matches, {"k", "s"})
    minhash(shingles(text))
    body_hash(text)
    script_of(text)
    detect_language(text)


SENTENCE_ALPHABET = list("कखग ािे aS1.।॥?!\n \"'”)rM") + ["Dr", "डॉ", "U.S", "1.5", "..."]
sentence_text = st.lists(st.sampled_from(SENTENCE_ALPHABET), max_size=120).map("".join)


@SETTINGS
@given(sentence_text, st.data())
def test_it_finds_the_sentence_around_a_position_as_sentences_splits_them(text, data):
    """sentence_around reads a window of the text and agrees with the whole-text split."""
    from procurement.text.claims import sentence_around

    pos = data.draw(st.integers(min_value=0, max_value=max(0, len(text) - 1)))
    holding = [span for span in sentences(text) if span[0] <= pos < span[1]]
    assert sentence_around(text, pos) == (holding[0] if holding else None)


def test_it_finds_the_sentence_around_a_position_far_from_any_break():
    """Sentences longer than the window it reads back are still found whole."""
    from procurement.text.claims import sentence_around

    text = "पहला वाक्य। " + "शब्द " * 500 + "S-400 यहां है। आखिरी।"
    at = text.index("S-400")
    start, end = sentence_around(text, at)
    assert text[start:end].startswith("शब्द") and text[start:end].endswith("यहां है।")
    assert sentences(text)[1] == (start, end)


def test_it_finds_the_sentence_in_a_long_text_without_breaks_in_a_few_passes():
    """No punctuation anywhere: the window doubles instead of creeping back 400 characters."""
    from unittest import mock

    from procurement.text import claims

    text = "शब्द " * 200_000 + "S-400"
    with mock.patch.object(claims, "_breaks", wraps=claims._breaks) as breaks:
        assert claims.sentence_around(text, text.index("S-400")) == (0, len(text))
    assert breaks.call_count <= 15
