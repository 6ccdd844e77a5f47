"""Recall and false positives of ingestion's mentions against the hand-labelled set.

`measure` ingests every case with `article_ingest` into whatever database Django uses (the
test database in tests/test_extraction_recall.py, a throwaway file in
bench/extraction_quality.py) and reads back the mentions stored for it; `score` compares them
with the labels; `report` writes the table both print. The reference data must be loaded first.

How a found mention meets a label (see tests/text/extraction_labelled.py for the labels):

- The k-th label with a given text stands for the k-th occurrence of that text in the case
  (whole-word occurrences first, so "India" is not looked for inside "Indian"; not inside a
  longer label of the same entity, so "Belousov" is not looked for inside "Andrei Belousov").
- A definite label is met by a mention of its entity, not flagged ambiguous, at exactly its
  span; one that only overlaps the span counts too but is listed as partial, except for a
  described meeting or agreement, whose phrase any overlapping mention of it meets. Every
  mention of the entity overlapping the span is taken by the label: several rows for the same
  words (an alias and a description of one meeting) are one find, not false positives.
- An ("AMBIGUOUS", text) label is met when mentions of at least two entities overlap the span,
  each flagged ambiguous; all of them are taken by the label.
- Every mention no label takes is a false positive, ambiguous-flagged ones included.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from procurement.text.normalise import is_word_char

from .extraction_labelled import AMBIGUOUS, KINDS, Case


@dataclass(frozen=True)
class Found:
    slug: str
    start: int
    end: int
    text: str
    ambiguous: bool = False


@dataclass
class Miss:
    case: Case
    slug: str
    surface: str
    seen: str  # what was found at the span instead, for routing the miss


@dataclass
class KindScore:
    cases: int = 0
    expected: int = 0
    found: int = 0
    partial: int = 0
    false_positives: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


@dataclass
class Score:
    kinds: dict = field(default_factory=lambda: defaultdict(KindScore))
    misses: list = field(default_factory=list)
    partials: list = field(default_factory=list)  # (case, slug, surface, found text)
    false_positives: list = field(default_factory=list)  # (case, Found)

    @property
    def total(self) -> KindScore:
        total = KindScore()
        for k in self.kinds.values():
            total.cases += k.cases
            total.expected += k.expected
            total.found += k.found
            total.partial += k.partial
            total.false_positives += k.false_positives
        return total


class LabelError(ValueError):
    """A label whose text does not occur in its case: the set itself is wrong."""


def _occurrences(text: str, surface: str) -> tuple[list, list]:
    """(whole-word spans, all spans) of `surface` in `text`."""
    spans, at = [], text.find(surface)
    while at != -1:
        spans.append((at, at + len(surface)))
        at = text.find(surface, at + 1)
    whole = [(a, b) for a, b in spans
             if (a == 0 or not is_word_char(text[a - 1]))
             and (b == len(text) or not is_word_char(text[b]))]
    return whole, spans


def label_spans(case: Case) -> list[tuple[str, str, tuple[int, int]]]:
    """Each label of `case` with the span it stands for.

    Longer labels are placed first, and an occurrence inside a longer label of the same entity
    is not counted: in "Andrei Belousov ... Belousov", a label "Belousov" is the second one.
    """
    spans: dict[int, tuple[int, int]] = {}
    used: dict[str, int] = defaultdict(int)
    for n in sorted(range(len(case.expected)), key=lambda n: -len(case.expected[n][1])):
        slug, surface = case.expected[n]

        def free(span, slug=slug):
            return not any(case.expected[m][0] == slug and other != span
                           and other[0] <= span[0] and span[1] <= other[1]
                           for m, other in spans.items())

        whole, every = (list(filter(free, found)) for found in _occurrences(case.text, surface))
        k = used[surface]
        used[surface] += 1
        pool = whole if k < len(whole) else every
        if k >= len(pool):
            raise LabelError(f"{surface!r} occurs fewer than {k + 1} times in {case.text!r}")
        spans[n] = pool[k]
    return [(slug, surface, spans[n]) for n, (slug, surface) in enumerate(case.expected)]


def _overlaps(f: Found, span: tuple[int, int]) -> bool:
    return f.start < span[1] and span[0] < f.end


def score_case(case: Case, found: list[Found], result: Score) -> None:
    kind = result.kinds[case.kind]
    kind.cases += 1
    taken: set[int] = set()
    for slug, surface, span in label_spans(case):
        kind.expected += 1
        free = [i for i, f in enumerate(found) if i not in taken]
        if slug == AMBIGUOUS:
            flagged = [i for i in free if found[i].ambiguous and _overlaps(found[i], span)]
            if len({found[i].slug for i in flagged}) >= 2:
                kind.found += 1
                taken.update(flagged)
                continue
        else:
            mine = [i for i in free if found[i].slug == slug and not found[i].ambiguous]
            exact = [i for i in mine if (found[i].start, found[i].end) == span]
            near = [i for i in mine if _overlaps(found[i], span)]
            if exact or near:
                kind.found += 1
                taken.update(near)
                if not exact and case.kind != "described":
                    kind.partial += 1
                    result.partials.append((case, slug, surface, found[near[0]].text))
                continue
        there = [f for i, f in enumerate(found) if _overlaps(f, span)]
        seen = ", ".join(f"{f.slug} {f.text!r}{' (ambiguous)' if f.ambiguous else ''}"
                         for f in there) or "nothing"
        result.misses.append(Miss(case, slug, surface, seen))
    for i, f in enumerate(found):
        if i not in taken:
            kind.false_positives += 1
            result.false_positives.append((case, f))


def score(measured: list[tuple[Case, list[Found]]]) -> Score:
    result = Score()
    for case, found in measured:
        score_case(case, found, result)
    return result


def measure(cases: list[Case]) -> list[tuple[Case, list[Found]]]:
    """Ingest each case and read back its stored mentions. Needs Django and the reference data."""
    from procurement.models import Mention
    from procurement.services.ingest import article_ingest

    flagged = any(f.name == "ambiguous" for f in Mention._meta.get_fields())
    fields = ["entity__slug", "start", "end", "text"] + (["ambiguous"] if flagged else [])
    measured = []
    for n, case in enumerate(cases):
        article = article_ingest(body=case.text, language=case.language,
                                 published_on=case.published_on, title=f"Labelled case {n + 1}",
                                 outlet="Labelled set").article
        rows = Mention.objects.filter(article=article).order_by("start", "end").values_list(*fields)
        measured.append((case, [Found(*row) for row in rows]))
    return measured


def report(result: Score) -> str:
    lines = [f"{'kind':12} {'cases':>5} {'labelled':>8} {'found':>6} {'recall':>7} "
             f"{'partial':>7} {'false+':>6}"]
    rows = [(k, result.kinds[k]) for k in KINDS if k in result.kinds]
    for name, k in rows + [("all", result.total)]:
        lines.append(f"{name:12} {k.cases:5} {k.expected:8} {k.found:6} {k.recall:7.3f} "
                     f"{k.partial:7} {k.false_positives:6}")
    if result.misses:
        lines.append("misses:")
        lines += [f"- [{m.case.kind}] {m.slug} {m.surface!r}: found {m.seen}  | {m.case.text}"
                  for m in result.misses]
    if result.partials:
        lines.append("partial spans:")
        lines += [f"- [{case.kind}] {slug} {surface!r} found as {text!r}"
                  for case, slug, surface, text in result.partials]
    if result.false_positives:
        lines.append("false positives:")
        lines += [f"- [{case.kind}] {f.slug} {f.text!r}{' (ambiguous)' if f.ambiguous else ''}"
                  f"  | {case.text}" for case, f in result.false_positives]
    return "\n".join(lines)
