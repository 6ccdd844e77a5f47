"""Every write to the record goes through a function here, named <thing>_<verb>(*, …)."""

from .candidates import candidate_dismiss, candidate_promote, candidates_collect
from .records import (ALIAS_FOLDS_TO_NOTHING, REVIEW_UNKNOWN, alias_create, alias_save,
                      claim_review, claim_save, mention_review)

__all__ = [
    "ALIAS_FOLDS_TO_NOTHING", "REVIEW_UNKNOWN", "alias_create", "alias_save", "candidate_dismiss",
    "candidate_promote", "candidates_collect", "claim_review",
    "claim_save", "mention_review",
]
