"""The queue of names the reference data lacks: collected at ingestion, decided by editors.

Ingestion (`article_store`) calls `candidates_collect` with the spans the aliases matched; every
other name that looks like a designation, a titled person or an organisation becomes (or counts
towards) a Candidate, with one Sighting per article: where it first stands and its sentence.

An editor then decides, once, in the admin or the API:

- `candidate_promote` makes it a new entity of a chosen kind, or adds it to an existing entity,
  with every spelling seen (S-500 and एस-500) as aliases; the articles it was seen in are matched
  again at once, so their mentions appear. Articles stored before the queue existed, or where
  the name sat in a form the queue did not read, get it from `manage.py reextract`, which
  matches every stored article again with the new aliases.
- `candidate_dismiss` puts it aside for good: ingestion counts and shows it no more.

An open candidate whose name an editor adds as an alias by hand leaves the queue by itself
(`Candidate.objects.open()` looks for an alias of the same matching form).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..matching import current_automaton
from ..models import (Agreement, Alias, Article, Candidate, Country, Entity, Forum, Meeting,
                      Organisation, Person, Place, Platform, Sighting)
from ..text import script_of
from ..text.candidates import find_candidates
from ..text.claims import sentence_around
from ..text.normalise import Folded, fold_alias
from ..text.slug import slug_of
from .records import alias_create, record_save

ALREADY_PROMOTED = "This name was already made into an entity ({entity})."
ENTITY_AND_KIND = "Give either an existing entity or a kind and a name for a new one, not both."
NEW_NEEDS_KIND_AND_NAME = "A new entity needs a kind and a name (or give an existing entity)."
KIND_UNKNOWN = "Kind '{value}' is not one of: {kinds}."
SLUG_EMPTY = "No slug can be made from this name; give one."

KINDS = {
    Entity.Kind.PLATFORM: Platform, Entity.Kind.COUNTRY: Country, Entity.Kind.PERSON: Person,
    Entity.Kind.ORGANISATION: Organisation, Entity.Kind.FORUM: Forum,
    Entity.Kind.MEETING: Meeting, Entity.Kind.AGREEMENT: Agreement, Entity.Kind.PLACE: Place,
}
_LANGUAGE_OF_SCRIPT = {"deva": "hi", "cyrl": "ru"}  # Latin designations belong to no language

_NAME = Candidate._meta.get_field("name").max_length
_TEXT = Sighting._meta.get_field("text").max_length
_SENTENCE = Sighting._meta.get_field("sentence").max_length


def _example(body: str, start: int, end: int) -> tuple[str, int]:
    """The sentence around body[start:end], cut to fit the column; and where the name starts."""
    span = sentence_around(body, start) or (start, end)
    lo, hi = span[0], max(span[1], end)
    if hi - lo > _SENTENCE:
        room = max(0, _SENTENCE - (end - start)) // 2
        lo = max(lo, start - room)
        hi = min(hi, lo + _SENTENCE)
    return body[lo:hi], start - lo


def candidates_collect(*, article: Article, matched_spans, folded: Folded | None = None) -> int:
    """Record the names in `article` that no alias matched; the number of candidates seen.

    Part of ingestion's transaction, so cheap: no query when the article names nothing new,
    else three (five when a name is new to the queue), however many names it holds.
    """
    found = find_candidates(article.body, matched_spans, folded, stop=article.furniture_from)
    if not found:
        return 0
    first: dict = {}
    for candidate in found:
        if len(candidate.key) <= _NAME:
            first.setdefault(candidate.key, candidate)
    known = {key: (pk, status) for key, pk, status in
             Candidate.objects.filter(folded__in=list(first))
             .values_list("folded", "pk", "status")}
    new = [key for key in first if key not in known]
    if new:
        # Machine rows, like mentions: no history until an editor decides. A name another
        # writer added a moment ago is left to it (ignore_conflicts), then read back.
        Candidate.objects.bulk_create(
            [Candidate(folded=key, name=first[key].text[:_NAME], kind=first[key].kind)
             for key in new], ignore_conflicts=True)
        known.update({key: (pk, status) for key, pk, status in
                      Candidate.objects.filter(folded__in=new)
                      .values_list("folded", "pk", "status")})
    counted = [(known[key][0], c) for key, c in first.items()
               if key in known and known[key][1] == Candidate.Status.OPEN]
    if not counted:
        return 0  # every name was dismissed or promoted: remembered, not counted again
    rows = []
    for pk, c in counted:
        sentence, at = _example(article.body, c.start, c.end)
        rows.append((pk, article.pk, c.start, c.end, c.text[:_TEXT], sentence, at))
    from .ingest import _insert_rows  # ingestion imports this module: not at the top

    _insert_rows(Sighting, ["candidate", "article", "start", "end", "text", "sentence", "at"],
                 rows)
    Candidate.objects.filter(pk__in=[pk for pk, _ in counted]).update(
        articles=F("articles") + 1, updated=timezone.now())
    return len(counted)


def _new_entity(*, kind, name, slug) -> Entity:
    model = KINDS.get(kind)
    if model is None:
        raise ValidationError({"kind": KIND_UNKNOWN.format(
            value=str(kind)[:40], kinds=", ".join(Entity.Kind.values))})
    slug = slug or slug_of(name, max_length=Entity._meta.get_field("slug").max_length)
    if not slug:
        raise ValidationError({"slug": SLUG_EMPTY})
    return record_save(record=model(), data={"slug": slug, "name": name})


def _spellings(candidate: Candidate) -> list[str]:
    """The candidate's name and every other spelling seen, one per matching form."""
    texts = [candidate.name, *candidate.sightings.order_by("pk")
             .values_list("text", flat=True).distinct()]
    forms: dict[str, str] = {}
    for text in texts:
        forms.setdefault(fold_alias(text), text)
    return list(forms.values())


@transaction.atomic
def candidate_promote(*, candidate: Candidate, editor, entity: Entity | None = None,
                      kind: str | None = None, name: str | None = None,
                      slug: str | None = None) -> Entity:
    """Make the name a new entity (`kind`, `name`, `slug`) or add it to `entity`, with every
    spelling seen as an alias; then match its articles again so their mentions appear.

    Raises ValidationError (with the messages above, or the entity's own) and writes nothing.
    Costs a few queries per spelling and per article the name was seen in.
    """
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status == Candidate.Status.PROMOTED:
        raise ValidationError(ALREADY_PROMOTED.format(
            entity=candidate.promoted_to.slug if candidate.promoted_to else "deleted since"))
    if entity is not None and (kind or name or slug):
        raise ValidationError(ENTITY_AND_KIND)
    if entity is None:
        if not kind or not name or not name.strip():
            raise ValidationError(NEW_NEEDS_KIND_AND_NAME)
        entity = _new_entity(kind=kind, name=name.strip(), slug=slug)
    have = set(Alias.objects.filter(entity=entity).values_list("folded", flat=True))
    for text in _spellings(candidate):
        if fold_alias(text) not in have:
            alias_create(entity=entity, text=text,
                         language=_LANGUAGE_OF_SCRIPT.get(script_of(text), ""))
    candidate.status = Candidate.Status.PROMOTED
    candidate.promoted_to = entity
    candidate.decided_by = editor
    candidate.full_clean()
    candidate.save()
    from .ingest import article_reextract  # ingestion imports this module: not at the top

    automaton = current_automaton()  # rebuilt: the alias table just changed
    for article in (Article.objects.filter(sightings__candidate=candidate)
                    .only("pk", "body", "furniture_from").order_by("pk")):
        article_reextract(article=article, automaton=automaton, entity_id=entity.pk)
    return entity


@transaction.atomic
def candidate_dismiss(*, candidate: Candidate, editor) -> Candidate:
    """Put the name aside for good: ingestion never opens it again."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status == Candidate.Status.PROMOTED:
        raise ValidationError(ALREADY_PROMOTED.format(
            entity=candidate.promoted_to.slug if candidate.promoted_to else "deleted since"))
    candidate.status = Candidate.Status.DISMISSED
    candidate.decided_by = editor
    candidate.full_clean()
    candidate.save()
    return candidate
