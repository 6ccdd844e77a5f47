"""Spotting the same article twice: exact copies by hash, reprints by MinHash.

``body_hash`` catches the same text re-wrapped or re-punctuated: it hashes
the folded words only, so whitespace, line breaks, dash styles, nukta
spellings and punctuation do not change it.

``shingles`` + ``minhash`` + ``similarity`` catch reprints: the same story
with a new headline, an added paragraph or a trimmed ending. The signature
is *one-permutation* MinHash (Li, Owen & Zhang 2012) with rotation
densification (Shrivastava & Li 2014): each shingle is hashed once and
lands in one of ``num_perm`` bins, each bin keeps its minimum. The share of
equal bins estimates Jaccard similarity like classic MinHash does with
``num_perm`` hash functions, but costs one hash per shingle instead of
``num_perm``, which is what lets pure Python sign 500+ articles/s.

NEAR_DUPLICATE_THRESHOLD was chosen by measuring, on the five seed articles
(tests/text/test_seeds.py keeps the check), reprints against different
write-ups. Reprints: a new headline 0.91-0.98, one paragraph added
0.89-0.98, the last quarter cut 0.66-0.78, the last third cut 0.58-0.69.
Different articles, including seeds 000 and 001 which report the same
meeting: 0.00-0.02. 0.5 sits in that wide gap, about three standard
deviations of the 64-bin estimate (~0.06) below a reprint that kept only
two thirds of the text, and far above unrelated write-ups.

Comparing a new article against every recent one is quadratic; ``bands``
gives LSH keys so a database index finds the candidates (see its docstring).
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, Sequence

from .normalise import PUNCTUATION, fold, storage_form

__all__ = [
    "NEAR_DUPLICATE_THRESHOLD",
    "bands",
    "body_hash",
    "canonical_words",
    "minhash",
    "shingles",
    "similarity",
]

NEAR_DUPLICATE_THRESHOLD = 0.5

_MASK64 = (1 << 64) - 1
# Odd 64-bit constants: multiplying by one permutes 64-bit integers, so the
# bins stay well filled whatever ints the caller passes as shingles.
_MIX1 = 0x9E3779B97F4A7C15
_MIX2 = 0xBF58476D1CE4E5B9
_EMPTY = 1 << 64  # larger than any bin value


def canonical_words(text: str) -> list[str]:
    """The folded words of ``text``, punctuation and spacing gone."""
    return PUNCTUATION.sub(" ", fold(storage_form(text)).text).split()


def body_hash(text: str) -> str:
    """SHA-256 hex of the canonical words: equal for re-wrapped or re-punctuated copies."""
    return hashlib.sha256(" ".join(canonical_words(text)).encode()).hexdigest()


def shingles(text: str, k: int = 5) -> set[int]:
    """Stable 64-bit hashes of the word k-grams of ``text`` (one gram if it is shorter)."""
    return shingles_of_words(canonical_words(text), k)


def shingles_of_words(words: list[str], k: int = 5) -> set[int]:
    """``shingles`` for words already folded by ``canonical_words``."""
    if k < 1:
        raise ValueError("k must be at least 1")
    if not words:
        return set()
    # Hash each word once (crc32, in C), then roll a polynomial hash over
    # k of them: far cheaper than hashing every k-gram string, just as stable.
    hashes = list(map(zlib.crc32, map(str.encode, words)))
    k = min(k, len(hashes))
    top = pow(_MIX1, k - 1, 1 << 64)  # weight of the word leaving the window
    h = 0
    for x in hashes[:k]:
        h = (h * _MIX1 + x) & _MASK64
    grams = {h}
    for i in range(k, len(hashes)):
        h = ((h - hashes[i - k] * top) * _MIX1 + hashes[i]) & _MASK64
        grams.add(h)
    return grams


def fingerprint(text: str) -> tuple[str, tuple[int, ...]]:
    """(body_hash, minhash signature) of ``text``, folding it once for both."""
    words = canonical_words(text)
    digest = hashlib.sha256(" ".join(words).encode()).hexdigest()
    return digest, minhash(shingles_of_words(words))


def minhash(shingles: Iterable[int], num_perm: int = 64) -> tuple[int, ...]:
    """One-permutation MinHash signature with ``num_perm`` bins (deterministic)."""
    if num_perm < 1:
        raise ValueError("num_perm must be at least 1")
    bins = [_EMPTY] * num_perm
    for x in shingles:
        x = (x * _MIX2) & _MASK64
        x ^= x >> 31
        b = x % num_perm
        v = x // num_perm
        if v < bins[b]:
            bins[b] = v
    return _densify(bins)


def _densify(bins: list[int]) -> tuple[int, ...]:
    # An empty bin borrows the value of the next filled bin to its right
    # (wrapping), tagged with the distance, so two texts agree on it exactly
    # when they agree on the bin it borrowed from.
    n = len(bins)
    if all(v == _EMPTY for v in bins):
        return (0,) * n
    out = list(bins)
    for i, v in enumerate(bins):
        if v != _EMPTY:
            continue
        step = 1
        while bins[(i + step) % n] == _EMPTY:
            step += 1
        out[i] = bins[(i + step) % n] + step * _EMPTY
    return tuple(out)


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of the texts behind two signatures."""
    if len(a) != len(b):
        raise ValueError(f"signatures differ in length ({len(a)} and {len(b)})")
    if not a:
        return 0.0
    return sum(1 for x, y in zip(a, b) if x == y) / len(a)


def bands(signature: Sequence[int], rows: int = 2) -> list[str]:
    """LSH band keys: texts sharing any key are candidates for ``similarity``.

    Store one row per key in an indexed table; look a new article's keys up
    to get candidates, then compare their signatures. With 64 bins and
    ``rows=2`` (32 bands), a pair at similarity 0.5 shares a key with
    probability 1 - (1 - 0.5**2)**32 > 0.9999, and at 0.2 with ~0.73, so
    nothing above the threshold is missed and the candidate list stays a
    small fraction of the recent articles. Larger ``rows`` gives fewer
    candidates but starts missing pairs near the threshold (``rows=4``: 0.64
    at similarity 0.5).
    """
    if rows < 1:
        raise ValueError("rows must be at least 1")
    keys = []
    for start in range(0, len(signature) - rows + 1, rows):
        band = ",".join(str(v) for v in signature[start : start + rows])
        digest = hashlib.blake2b(band.encode(), digest_size=8).hexdigest()
        keys.append(f"{start // rows}:{digest}")
    return keys
