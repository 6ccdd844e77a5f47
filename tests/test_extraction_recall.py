"""Ingestion against hand-labelled news text: recall and false positives of its mentions.

`pytest -s tests/test_extraction_recall.py` prints the table by kind, the misses and the false
positives; `python bench/extraction_quality.py` prints the same outside the test runner.
"""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.text.extraction_labelled import AMBIGUOUS, CASES, KINDS, Case
from tests.text.extraction_scoring import Found, LabelError, label_spans, measure, report, score

REFERENCE = Path(__file__).resolve().parents[1] / "fixtures" / "reference.json"
RECALL_FLOOR = 0.98


_measured: list = []  # one ingestion of the set serves both figures; the database is rolled back


@pytest.fixture
def scored(db):
    if not _measured:
        call_command("load_reference", verbosity=0, stdout=io.StringIO())
        _measured.append(score(measure(CASES)))
        print("\n" + report(_measured[0]))
    return _measured[0]


@pytest.mark.slow
def test_it_finds_at_least_98_percent_of_the_labelled_mentions(scored):
    """Recall over every labelled mention, all kinds together, is at least 0.98."""
    assert scored.total.recall >= RECALL_FLOOR, report(scored)


@pytest.mark.slow
def test_it_finds_no_mention_the_labels_do_not_have(scored):
    """No found mention is missing from the labels: near misses, wrong entities, stray flags."""
    assert scored.total.false_positives == 0, report(scored)


def test_it_labels_at_least_80_cases_in_both_languages_and_every_kind():
    """The set is big enough to measure, about half Hindi, and probes every kind of weakness."""
    languages = [case.language for case in CASES]
    assert len(CASES) >= 80
    assert 0.4 <= languages.count("hi") / len(CASES) <= 0.6
    assert {case.kind for case in CASES} == set(KINDS)
    assert len({case.text for case in CASES}) == len(CASES)


def test_it_labels_only_text_the_case_contains_and_entities_the_reference_has():
    """Each label's text occurs in its case, and each slug is a reference entity."""
    records = json.loads(REFERENCE.read_text(encoding="utf-8"))
    slugs = {r["fields"]["slug"] for r in records if r["model"] == "procurement.entity"}
    for case in CASES:
        for slug, _surface, (start, end) in label_spans(case):
            assert slug == AMBIGUOUS or slug in slugs, slug
            assert start < end


def test_it_scores_a_miss_a_partial_span_and_a_false_positive():
    """The scoring itself: exact and overlapping finds, ambiguous pairs, and strays."""
    case = Case("new", "en", "2025-01-01", "Sukhoi said the S-400 and the Su-57 are ready.",
                [(AMBIGUOUS, "Sukhoi"), ("s-400", "S-400"), ("su-57", "Su-57")])
    found = [Found("sukhoi", 0, 6, "Sukhoi", True), Found("su-30mki", 0, 6, "Sukhoi", True),
             Found("s-400", 16, 19, "S-4"), Found("india", 24, 27, "the")]
    result = score([(case, found)])
    assert (result.total.expected, result.total.found, result.total.partial) == (3, 2, 1)
    assert [m.slug for m in result.misses] == ["su-57"]
    assert [f.slug for _, f in result.false_positives] == ["india"]


def test_it_counts_a_lone_ambiguous_flag_as_a_miss_and_a_false_positive():
    """An ambiguous label needs flagged mentions of two entities; one alone is a stray."""
    case = Case("ambiguous", "en", "2025-01-01", "Sukhoi was named.", [(AMBIGUOUS, "Sukhoi")])
    result = score([(case, [Found("sukhoi", 0, 6, "Sukhoi", True)])])
    assert result.total.found == 0 and result.total.false_positives == 1


def test_it_refuses_a_label_whose_text_is_not_in_the_case():
    """A typo in the set is an error, not a silent miss."""
    case = Case("new", "en", "2025-01-01", "Nothing here.", [("s-400", "S-400")])
    with pytest.raises(LabelError):
        label_spans(case)
