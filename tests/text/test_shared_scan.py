"""One fold and one automaton pass shared by every step of ingestion: the shortcuts must give
exactly what each step finds on its own."""

import random
from bisect import bisect_left

import numpy as np

from procurement.text import fold, minhash
from procurement.text.candidates import anchor_words, find_candidates
from procurement.text.claims import cue_matcher
from procurement.text.descriptions import noun_matcher
from procurement.text.match import Matcher, Scanner

TEXTS = [
    "The S-400 deal was signed; Su-30 MKI upgrade talks stalled. S-400s arrive in 2026.",
    "रक्षा मंत्री राजनाथ सिंह ने कहा कि एस-400 की आपूर्ति नहीं रुकी।  चिंगदाओ में एससीओ की बैठक हुई।",
    "Defence Minister Andrei Belousov met the SCO defence ministers' meeting in Qingdao.",
    "US$5.4 billion contract, India's 400 units; the Indian Air Force and the Navy.",
    "S\u200b-400\u00ad deliveries — not yet delivered — will be handed over next year.",
    "",
]
ALIASES = Matcher([("s400", "S-400"), ("s400", "एस-400"), ("su30", "Su-30 MKI"),
                   ("sco", "SCO"), ("sco", "एससीओ"), ("us", "US"), ("india", "India")])


def _random_texts(count: int) -> list[str]:
    rng = random.Random(7)
    pieces = ["S-400", "deal", "talks", " ", "  ", "\n\n", "-", "–", "\u200b", "\u093c", "क",
              "India's", "SCO", "Sco", "s", "4", "$", ".", "बैठक", "एस", "President", "Navy"]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 25))) for _ in range(count)]


def test_it_finds_with_one_scan_what_each_matcher_finds_alone():
    matchers = [ALIASES, cue_matcher(), noun_matcher()]
    for text in TEXTS + _random_texts(300):
        alone = [m.find(text, fold(text)) for m in matchers]
        folded = fold(text)
        assert Scanner(matchers + [anchor_words()]).find(text, folded)[:3] == alone
        # Kept on the fold: each matcher's find now reads it, and gets the same again.
        assert [m.find(text, folded) for m in matchers] == alone


def test_it_finds_the_same_candidates_after_a_scan():
    scanner = Scanner([ALIASES, anchor_words()])
    for text in TEXTS + _random_texts(200):
        expected = find_candidates(text, folded=fold(text))
        folded = fold(text)
        scanner.find(text, folded)
        assert not text or anchor_words() in folded.found
        assert find_candidates(text, folded=folded) == expected


def test_it_maps_source_positions_to_folded_ones_as_a_search_of_the_offsets_does():
    for text in TEXTS + _random_texts(300):
        folded = fold(text)
        for s in range(-1, len(text) + 3):
            assert folded.to_folded(s) == bisect_left(folded.offsets, s), (text, s)


def test_it_maps_every_folded_span_back_as_to_source_says():
    for text in TEXTS + _random_texts(200):
        folded = fold(text)
        n = len(folded.text)
        for a in range(n):
            for b in range(a + 1, n + 1):
                start, end = folded.source_span(a, b)
                assert start == folded.to_source(a)
                last = folded.to_source(b - 1) + 1
                # Widened only over a nukta, ZWJ or ZWNJ that folding swallowed.
                assert end == last or last < end <= folded.to_source(b)
                assert set(text[last:end]) <= set("\u093c\u200c\u200d")


def _minhash_by_division(values: np.ndarray, num_perm: int) -> tuple:
    """The signature computed the long way (bin = x mod n, value = x div n), for comparison."""
    x = values.astype(np.uint64, copy=True)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(31)
    empty = 1 << 64
    bins = [empty] * num_perm
    for v in x.tolist():
        b, value = v % num_perm, v // num_perm
        bins[b] = min(bins[b], value)
    if all(v == empty for v in bins):
        return (0,) * num_perm
    out = list(bins)
    for i, v in enumerate(bins):
        if v == empty:
            step = 1
            while bins[(i + step) % num_perm] == empty:
                step += 1
            out[i] = bins[(i + step) % num_perm] + step * empty
    return tuple(out)


def test_it_gives_the_same_signature_as_the_long_way():
    rng = random.Random(3)
    for size in (1, 2, 7, 64, 500):
        values = np.array([rng.getrandbits(64) for _ in range(size)], dtype=np.uint64)
        for num_perm in (1, 3, 16, 64, 100):
            assert minhash(values, num_perm) == _minhash_by_division(values, num_perm)
