"""Find tracked aliases in article text: one Aho-Corasick scan over folded text.

How ``Matcher.find`` works:

1. fold the text once (``normalise.fold``), keeping the map back to it;
2. run one pyahocorasick automaton, built from every alias's folded form,
   over the folded text; it reports every hit, overlapping ones included;
3. keep the hits that sit on word boundaries (below);
4. resolve overlaps leftmost-longest, so "भारतीय" beats "भारत" and
   "Su-30 MKI" beats "Su-30";
5. map each survivor back to the original text, so ``text[m.start:m.end] ==
   m.text`` always holds.

Word boundaries are decided on the folded text by ``normalise.is_word_char``
(letters, digits and combining marks: Python's ``\\b`` splits Devanagari
words at every matra). A hit must not continue a word on either side, except:

* where folding removed a separator ("S-400 और" folds to "s400और"; the space
  that was there is still a boundary);
* the English plural: a lower-case ``s`` right after a final digit is allowed
  ("S-400s" mentions S-400; "Su-30SM" does not mention Su-30);
* a hit may not start right after a word and an apostrophe ("India's 400"
  folds to "india's400", which must not read as S-400);
* letters glued to a dollar sign name a currency ("US$5.4 billion" does not
  mention the United States).

Possessives work because the apostrophe is not a word character
("Lavrov's", "Lavrov’s"). Hindi postpositions are separate words
("रूस के"), while suffixed forms are different words ("रूसी" is not "रूस";
register it as an alias of its own if wanted).

Acronym case rule: with ``case_sensitive_acronyms`` (the default) an alias
written in capitals — 2 to 5 Latin or Cyrillic letters, no digits, such as
SCO, HAL, INDRA, BRICS — only matches text that has no lower-case letter at
that spot. Otherwise "Indra" the deity, "hal" in romanised Hindi or
"Sco" would be read as organisations. Designations with digits (S-400) and
mixed-case aliases (MoD) match in any case.

Several aliases may fold to the same form; ``Match.key`` is the key of the
first one registered (that passes the case rule), ``keys_for`` lists all.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import ahocorasick

from .normalise import Folded, fold, fold_alias, is_word_char, storage_form

__all__ = ["Match", "Matcher", "Scanner", "Words", "is_acronym"]


@dataclass(frozen=True)
class Match:
    """One alias found; ``start``/``end`` index the text given to ``find``."""

    key: Hashable
    start: int
    end: int
    text: str


def is_acronym(alias: str) -> bool:
    """2-5 capital Latin/Cyrillic letters and no digits: SCO, HAL, INDRA."""
    letters = [ch for ch in alias if ch.isalpha()]
    if not 2 <= len(letters) <= 5 or any(ch.isdigit() for ch in alias):
        return False
    return all(ch.isupper() and (ord(ch) < 0x0250 or 0x0400 <= ord(ch) < 0x0530) for ch in letters)


class Matcher:
    """Aho-Corasick matcher over folded aliases; build once, ``find`` many times."""

    def __init__(
        self,
        aliases: Iterable[tuple[Hashable, str]],
        *,
        case_sensitive_acronyms: bool = True,
    ) -> None:
        index_of: dict[str, int] = {}
        self._forms: list[str] = []
        # Per form: (key, needs_capitals) for every alias that folds to it.
        self._entries: list[list[tuple[Hashable, bool]]] = []
        for key, alias in aliases:
            form = fold_alias(alias)
            if not form:
                continue
            needs_caps = case_sensitive_acronyms and is_acronym(storage_form(alias).strip())
            idx = index_of.get(form)
            if idx is None:
                idx = index_of[form] = len(self._forms)
                self._forms.append(form)
                self._entries.append([])
            self._entries[idx].append((key, needs_caps))
        self._index_of = index_of
        # Per form, what find() asks of every hit, worked out once here: its length, whether
        # its first and last characters are word characters (only then can a neighbour glue
        # it into a longer word), and the key to report when no alias needs capitals.
        self._shapes = [
            (len(form), is_word_char(form[0]), is_word_char(form[-1]),
             _NO_KEY if entries[0][1] else entries[0][0])
            for form, entries in zip(self._forms, self._entries)
        ]
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for idx, form in enumerate(self._forms):
            self._automaton.add_word(form, idx)
        if self._forms:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return len(self._forms)

    @property
    def automaton(self) -> ahocorasick.Automaton:
        """The underlying automaton (for benchmarks; values are form indexes)."""
        return self._automaton

    def keys_for(self, folded_form: str) -> tuple[Hashable, ...]:
        """Every key whose alias folds to ``folded_form``, in registration order."""
        idx = self._index_of.get(folded_form)
        return () if idx is None else tuple(key for key, _ in self._entries[idx])

    def find(self, text: str, folded: Folded | None = None) -> list[Match]:
        """Non-overlapping leftmost-longest matches in ``text``, sorted by start.

        ``folded``: ``fold(text)`` when the caller already has it; several matchers (and the
        fingerprint) can then share one fold of an article.
        """
        if not self._forms or not text:
            return []
        folded = _checked(text, folded)
        known = folded.found.get(self)
        if known is not None:  # a Scanner found it already
            return list(known)
        return self._resolve(text, folded, self._automaton.iter(folded.text))

    def _resolve(self, text: str, folded: Folded, hits: Iterable[tuple[int, int]]) -> list[Match]:
        """``find`` from the automaton's hits ``(last folded index, form index)``, in any order."""
        ft = folded.text
        n = len(ft)
        shapes = self._shapes
        candidates = []
        # Most hits sit between a space and a space or punctuation: the neighbours are looked
        # at here, and only a hit with a word character (or ' or $) beside it pays for the
        # full rules of _starts_word / _ends_word.
        for last, idx in hits:
            length, head, tail, _ = shapes[idx]
            b = last + 1
            a = b - length
            if head and a:
                before = ft[a - 1]
                if (is_word_char(before) or before == "'") and not _starts_word(folded, a):
                    continue
            if tail and b < n:
                after = ft[b]
                if (is_word_char(after) or after == "$") and not _ends_word(folded, b):
                    continue
            candidates.append((a, -b, idx))
        if not candidates:
            return []
        candidates.sort()
        matches: list[Match] = []
        taken_until = 0
        source_span = folded.source_span
        for a, neg_b, idx in candidates:
            if a < taken_until:
                continue
            start, end = source_span(a, -neg_b)
            key = shapes[idx][3]
            if key is _NO_KEY:
                key = self._pick_key(idx, text, start, end)
                if key is _NO_KEY:
                    continue  # e.g. "Sco" for SCO; a shorter hit here may still do
            matches.append(Match(key, start, end, text[start:end]))
            taken_until = -neg_b
        return matches

    def _pick_key(self, idx: int, text: str, start: int, end: int) -> Hashable:
        capitals: bool | None = None
        for key, needs_caps in self._entries[idx]:
            if not needs_caps:
                return key
            if capitals is None:
                capitals = not any(ch.islower() for ch in text[start:end])
            if capitals:
                return key
        return _NO_KEY


_NO_KEY = object()


def _checked(text: str, folded: Folded | None) -> Folded:
    if folded is None:
        return fold(text)
    if folded.source is not text and folded.source != text:
        raise ValueError("folded is not the fold of this text")
    return folded


class Words:
    """Folded words whose hits are read raw: ``hits`` gives every ``(last folded index, value)``
    the automaton reports, overlapping and unchecked, for a caller with rules of its own
    (text.candidates' titles and head words). A ``Scanner`` can find them with its matchers."""

    def __init__(self, words: Iterable[tuple[str, object]]) -> None:
        values: dict[str, object] = {}
        for form, value in words:
            values[form] = value  # a word given twice keeps its last value, as add_word does
        self._forms = list(values)
        self._values = list(values.values())
        self._automaton = ahocorasick.Automaton()
        for form, value in values.items():
            self._automaton.add_word(form, value)
        if values:
            self._automaton.make_automaton()

    def hits(self, folded: Folded) -> list[tuple[int, object]]:
        known = folded.found.get(self)
        if known is not None:  # a Scanner found them already
            return known
        return list(self._automaton.iter(folded.text)) if self._forms else []

    def _resolve(self, text: str, folded: Folded, hits: Iterable[tuple[int, int]]) -> list:
        values = self._values
        return [(last, values[idx]) for last, idx in hits]


class Scanner:
    """Several matchers' ``find`` (and ``Words``' hits) from one pass over the folded text.

    Walking an automaton over a 6 KB article costs more than everything done with its few
    dozen hits, and ingestion runs three matchers (aliases, claim cues, description nouns) and
    the candidates' titles and head words over every article. One automaton holds the forms of
    all of them, each hit is handed to those that know its form, and each resolves its own hits
    as its ``find`` does: the results are exactly theirs.
    """

    def __init__(self, matchers: Sequence[Matcher | Words]) -> None:
        self._matchers = tuple(matchers)
        owners: dict[str, list[tuple[int, int]]] = {}
        for which, matcher in enumerate(self._matchers):
            for idx, form in enumerate(matcher._forms):
                owners.setdefault(form, []).append((which, idx))
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY)
        for form, entries in owners.items():
            self._automaton.add_word(form, tuple(entries))
        if owners:
            self._automaton.make_automaton()

    def find(self, text: str, folded: Folded | None = None) -> list[list[Match]]:
        """``[matcher.find(text, folded) for matcher in matchers]``, in one pass.

        The results are also kept on ``folded`` (``Folded.found``), so a later
        ``matcher.find(text, folded)`` of any of the matchers costs a look-up.
        """
        if not text or not len(self._automaton):
            return [[] for _ in self._matchers]
        folded = _checked(text, folded)
        hits: list[list[tuple[int, int]]] = [[] for _ in self._matchers]
        for last, entries in self._automaton.iter(folded.text):
            for which, idx in entries:
                hits[which].append((last, idx))
        results = [matcher._resolve(text, folded, found) if found else []
                   for matcher, found in zip(self._matchers, hits)]
        for matcher, matches in zip(self._matchers, results):
            folded.found[matcher] = matches
        return [list(matches) for matches in results]


def _starts_word(folded: Folded, a: int) -> bool:
    ft = folded.text
    if a == 0 or not is_word_char(ft[a]):
        return True
    before = ft[a - 1]
    if is_word_char(before):
        return folded.joined_at(a)
    # "india's400": the s belongs to "india's", not to "s400".
    return not (before == "'" and a >= 2 and is_word_char(ft[a - 2]))


def _ends_word(folded: Folded, b: int) -> bool:
    ft = folded.text
    if b == len(ft) or not is_word_char(ft[b - 1]):
        return True
    after = ft[b]
    if after == "$" and ft[b - 1].isalpha():
        return False  # "US$5.4 billion", "A$": a currency, not the country
    if not is_word_char(after) or folded.joined_at(b):
        return True
    # English plural of a designation: "S-400s", "Su-30s".
    return (
        after == "s"
        and ft[b - 1].isdigit()
        and folded.source[folded.to_source(b)] == "s"
        and (b + 1 == len(ft) or not is_word_char(ft[b + 1]) or folded.joined_at(b + 1))
    )
