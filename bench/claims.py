"""Claim suggestions against a hand-labelled set of English and Hindi sentences.

    python bench/claims.py [--misses]

Prints precision and recall of the (platform, status) suggestions, overall and by group
(one platform, two platforms, negation, future, other platforms), and with --misses every
sentence where the suggestions differ from the labels. The set and how it labels hard cases:
tests/text/claims_labelled.py; tests/text/test_claims.py holds the floors.
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from procurement.text import Matcher, suggest_claims  # noqa: E402
from tests.text.claims_labelled import ALIASES, CASES, PLATFORMS, score  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the sentences that differ")
    args = parser.parse_args()
    matcher = Matcher(ALIASES)

    def suggest(text):
        return {(s.key, s.status) for s in suggest_claims(text, matcher.find(text), PLATFORMS)}

    result = score(suggest)
    print(f"{len(CASES)} sentences")
    for name, g in sorted(result["groups"].items(), key=lambda kv: kv[0] != "all"):
        print(f"{name:9} precision {g['precision']:.2f} ({g['right']}/{g['suggested']})  "
              f"recall {g['recall']:.2f} ({g['right']}/{g['labelled']})")
    if args.misses:
        for text, wrong, missed in result["misses"]:
            print(f"- {text}\n    wrong: {wrong}  missed: {missed}")


if __name__ == "__main__":
    main()
