"""Text engine: normalisation, alias matching, datelines, language, dedup, claim cues.

Pure Python plus pyahocorasick (the automaton) and numpy (MinHash
arithmetic); nothing here imports Django, so it can be tested and
benchmarked on its own. The Django side calls only the names re-exported
here.
"""

from .claims import STATUSES, ClaimSuggestion, sentences, suggest_claims
from .dates import Dateline, find_dateline, parse_iso_date
from .descriptions import Description, Hint, find_descriptions
from .dedup import (NEAR_DUPLICATE_THRESHOLD, bands, body_hash, fingerprint, minhash, shingles,
                    similarity)
from .language import detect_language, script_of
from .layout import Layout, layout
from .match import Match, Matcher
from .normalise import Folded, fold, fold_alias, storage_form
from .variants import devanagari_variants, is_variant_of, skeleton, variant_forms, variant_of

__all__ = [
    "NEAR_DUPLICATE_THRESHOLD",
    "STATUSES",
    "ClaimSuggestion",
    "Dateline",
    "Description",
    "Folded",
    "Hint",
    "Layout",
    "Match",
    "Matcher",
    "bands",
    "body_hash",
    "detect_language",
    "devanagari_variants",
    "find_dateline",
    "find_descriptions",
    "fingerprint",
    "fold",
    "fold_alias",
    "is_variant_of",
    "layout",
    "minhash",
    "parse_iso_date",
    "script_of",
    "sentences",
    "shingles",
    "similarity",
    "skeleton",
    "storage_form",
    "suggest_claims",
    "variant_forms",
    "variant_of",
]
