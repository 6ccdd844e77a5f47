"""Writes editors make to the record: plain records, aliases, claims and reviews.

Admin, API and commands call these.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from ..models import Alias, Mention, Review, StatusClaim
from ..text import fold_alias, script_of
from .alerts import events_record_claim

ALIAS_FOLDS_TO_NOTHING = "This alias has no letters or digits left once dashes and spaces are folded."
REVIEW_UNKNOWN = "Review must be one of: machine, confirmed, rejected."


def alias_save(*, alias: Alias) -> Alias:
    """Create or update an alias; its matching form and script are computed, never typed."""
    alias.folded = fold_alias(alias.text)
    alias.script = script_of(alias.text)
    if not any(c.isalnum() for c in alias.folded):
        raise ValidationError({"text": ALIAS_FOLDS_TO_NOTHING})
    alias.full_clean()
    alias.save()
    return alias


def alias_create(*, entity, text: str, language: str = "", kind: str = Alias.Kind.COMMON,
                 matchable: bool = True) -> Alias:
    return alias_save(alias=Alias(entity=entity, text=text, language=language, kind=kind,
                                  matchable=matchable))


def _stamp_review(record, review: str, editor) -> None:
    if review not in Review.values:
        raise ValidationError({"review": REVIEW_UNKNOWN})
    record.review = review
    record.reviewed_by = editor if review != Review.MACHINE else None
    record.reviewed_at = timezone.now() if review != Review.MACHINE else None


SIBLING_CONFIRMED = ("{name} is already confirmed for this name here; send that mention back to "
                     "the queue or reject it first.")
SIBLING_REJECTED = "Another entry was confirmed for this ambiguous name."  # history's reason


@transaction.atomic
def mention_review(*, mention: Mention, review: str, editor) -> Mention:
    """Record an editor's decision on a mention.

    Confirming one of an ambiguous name's mentions says which entry the text means, so the
    other entries' mentions of the same span are rejected with it, each with its history row.
    It is refused while another of them is confirmed: one name here means one entry.
    """
    siblings = []
    if mention.ambiguous and review == Review.CONFIRMED:
        siblings = [s for s in _siblings(mention).select_related("entity")
                    if s.review != Review.REJECTED]
        taken = next((s for s in siblings if s.review == Review.CONFIRMED), None)
        if taken is not None:
            raise ValidationError({"review": SIBLING_CONFIRMED.format(name=taken.entity.name)})
    _stamp_review(mention, review, editor)
    mention.save(update_fields=["review", "reviewed_by", "reviewed_at"])
    for sibling in siblings:
        _stamp_review(sibling, Review.REJECTED, editor)
        # Signed by the editor even outside a web request (API tokens, commands).
        sibling._history_user = editor
        sibling._change_reason = SIBLING_REJECTED
        sibling.save(update_fields=["review", "reviewed_by", "reviewed_at"])
    return mention


def _siblings(mention: Mention):
    """The other entries' ambiguous mentions of the same span."""
    return (Mention.objects.filter(article_id=mention.article_id, start=mention.start,
                                   end=mention.end, ambiguous=True)
            .exclude(pk=mention.pk))


@transaction.atomic
def claim_review(*, claim: StatusClaim, review: str, editor) -> StatusClaim:
    before = claim.review
    _stamp_review(claim, review, editor)
    claim.full_clean()
    claim.save(update_fields=["review", "reviewed_by", "reviewed_at", "updated"])
    # Alerts (claim.confirmed, status.changed) commit or roll back with the decision.
    events_record_claim(claim=claim, before=before)
    return claim


def claim_save(*, claim: StatusClaim) -> StatusClaim:
    """Create or update a claim; a quote given by offsets is copied from the article body."""
    if claim.article_id and claim.quote_start is not None and claim.quote_end is not None \
            and not claim.quote:
        claim.quote = claim.article.body[claim.quote_start:claim.quote_end]
    if claim.article_id and not claim.reported_on:
        claim.reported_on = claim.article.published_on
    claim.full_clean()
    claim.save()
    return claim


@transaction.atomic
def record_save(*, record: models.Model, data: dict) -> models.Model:
    """Apply `data` (field name → value) to a plain record, validate it whole, save it.

    For entities, programmes, meetings, outcomes and the other records with no rule of their own
    (aliases and claims have theirs above): what admin's ModelForm does, for the API. Constraints
    are checked by full_clean before anything is written; many-to-many links are set after the
    save, in the same transaction. Raises ValidationError (the API answers 400 with it).
    """
    links = {}
    for name, value in data.items():
        if record._meta.get_field(name).many_to_many:
            links[name] = value
        else:
            setattr(record, name, value)
    # An entity's kind is a fact of its class; Entity.save() sets it, but full_clean runs first.
    if getattr(record, "KIND", ""):
        record.kind = record.KIND
    record.full_clean()
    record.save()
    for name, values in links.items():
        getattr(record, name).set(values)
    return record
