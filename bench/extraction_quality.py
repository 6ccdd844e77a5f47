"""Extraction quality: recall and false positives of ingestion on hand-labelled news text.

    python bench/extraction_quality.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_quality python bench/extraction_quality.py

Builds a fresh database (an SQLite file in a temporary folder, or the PostgreSQL database named
in DATABASE_URL, dropped and re-created), loads the reference data with `load_reference`,
ingests every labelled case (tests/text/extraction_labelled.py) with `article_ingest` and
prints, by kind, the labelled mentions, how many were found, recall, partial spans and false
positives, then every miss (with what was found at its span instead) and every false positive.
The scoring is tests/text/extraction_scoring.py, shared with tests/test_extraction_recall.py.
"""

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    from ingest import setup_fresh_django

    setup_fresh_django()
    from django.core.management import call_command

    from tests.text.extraction_heldout import HELD_OUT
    from tests.text.extraction_labelled import CASES
    from tests.text.extraction_scoring import measure, report, score

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0, stdout=io.StringIO())
    for title, cases in (("labelled set", CASES), ("held-out set", HELD_OUT)):
        result = score(measure(cases))
        hindi = sum(case.language == "hi" for case in cases)
        print(f"{title}: {len(cases)} cases ({hindi} Hindi, {len(cases) - hindi} English)")
        print(report(result) + "\n")


if __name__ == "__main__":
    main()
