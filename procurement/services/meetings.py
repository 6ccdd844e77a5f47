"""Linking articles to the meetings they report, as suggestions editors confirm or reject.

An article reports a meeting when it

- names it: one of its mentions is of the meeting itself (an alias of the Meeting entity); or
- describes it: it mentions the meeting's forum, or at least two of its participants (the one,
  if only one is on record); it places it, by mentioning the meeting's place entry or by
  containing the place as reported (`Meeting.place`, any comma-separated part, folded like
  aliases); and it is dated within the meeting's window, from DAYS_BEFORE days before the
  first day to DAYS_AFTER days after the last. Its date is `published_on`, which ingestion
  reads from the dateline when the sender gave none. Undated articles are never "described".
  A phrase that describes the meeting ("the SCO meeting in Qingdao"), which ingestion stores
  as a mention without an alias (see `descriptions`), is "described" too, with the phrase as
  evidence when the rule above did not already place it.

The window is wide on the late side on purpose: follow-up pieces ("a week after Qingdao…") are
reports too, while previews rarely come out more than a few days ahead. Each link is stored
once per (article, meeting); a link an editor rejected is never suggested again.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import Article, Entity, Meeting, MeetingReport, Mention, Review
from ..text import Folded, fold, fold_alias
from .records import REVIEW_UNKNOWN

DAYS_BEFORE = 3
DAYS_AFTER = 10

_EVIDENCE = MeetingReport._meta.get_field("evidence").max_length


@dataclass(frozen=True)
class Seen:
    """One mention, as much of it as linking needs (ingestion's Found has the same fields)."""

    entity_id: int
    kind: str
    start: int
    end: int
    text: str
    alias_id: int | None = 0  # None: found from a description ("the SCO meeting in Qingdao")


def _phrase(m) -> bool:
    """A mention found from a description, not an alias: it describes the meeting."""
    return getattr(m, "alias_id", 0) is None


@dataclass
class _Candidate:
    pk: int
    forum_id: int | None
    location_id: int | None
    place: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    participants: set


def _window_filter(day: datetime.date, last: datetime.date | None = None) -> Q:
    """Meetings whose window [start - DAYS_BEFORE, end + DAYS_AFTER] contains `day` (or any
    day from `day` to `last`)."""
    earliest_end = day - datetime.timedelta(days=DAYS_AFTER)
    return (Q(starts_on__lte=(last or day) + datetime.timedelta(days=DAYS_BEFORE))
            & (Q(ends_on__gte=earliest_end)
               | Q(ends_on__isnull=True, starts_on__gte=earliest_end)))


def _candidates(day: datetime.date, last: datetime.date | None = None) -> list[_Candidate]:
    """Meetings around `day` (to `last`) with their participants: one query (one row per
    participant)."""
    rows = (Meeting.objects.filter(_window_filter(day, last))
            .values_list("pk", "parent_forum_id", "location_id", "place", "starts_on",
                         "ends_on", "participants"))
    found: dict[int, _Candidate] = {}
    for pk, forum_id, location_id, place, starts_on, ends_on, person_id in rows:
        candidate = found.setdefault(pk, _Candidate(pk, forum_id, location_id, place, starts_on,
                                                    ends_on, set()))
        if person_id is not None:
            candidate.participants.add(person_id)
    return list(found.values())



def meetings_around(first: datetime.date, last: datetime.date):
    """A function giving, for any day from `first` to `last`, what `_candidates(day)` gives, from
    one query: for a batch of articles, which would otherwise ask once each."""
    every = _candidates(first, last)

    def around(day: datetime.date) -> list[_Candidate]:
        earliest_end = day - datetime.timedelta(days=DAYS_AFTER)
        latest_start = day + datetime.timedelta(days=DAYS_BEFORE)
        return [c for c in every
                if c.starts_on <= latest_start and (c.ends_on or c.starts_on) >= earliest_end]
    return around

def _place_in(place: str, folded: str) -> str:
    """The part of `place` (as reported) that the folded body contains as a whole word, if any."""
    for part in place.split(","):
        key = fold_alias(part)
        if len(key) < 3:
            continue
        at = folded.find(key)
        while at != -1:
            before = folded[at - 1] if at else " "
            after = folded[at + len(key)] if at + len(key) < len(folded) else " "
            if not before.isalnum() and not after.isalnum():
                return part.strip()
            at = folded.find(key, at + 1)
    return ""


def _described(candidate: _Candidate, first: dict, folded: Folded, day: datetime.date
               ) -> tuple[str, Seen] | None:
    """Why the article describes the meeting (evidence, first name matched), or None."""
    people = [first[p] for p in candidate.participants if p in first]
    needed = min(2, len(candidate.participants))
    forum = first.get(candidate.forum_id) if candidate.forum_id else None
    if forum is None and (needed == 0 or len(people) < needed):
        return None
    where = first.get(candidate.location_id) if candidate.location_id else None
    place = where.text if where else ""
    if not place and candidate.place:
        place = _place_in(candidate.place, folded.text)
    if not place:
        return None
    names = ([f"forum: {forum.text}"] if forum else []) + \
        ([f"participants: {', '.join(p.text for p in people)}"] if people else [])
    evidence = f"{'; '.join(names)}; place: {place}; published {day.isoformat()}"
    anchor = min([m for m in (forum, *people) if m is not None], key=lambda m: m.start)
    return evidence[:_EVIDENCE], anchor


def _seen_in_database(article: Article) -> list[Seen]:
    return [Seen(*row) for row in Mention.objects.visible().filter(article=article)
            .order_by("start").values_list("entity_id", "entity__kind", "start", "end", "text",
                                           "alias_id")]


def meeting_report_suggest(*, article: Article, mentions: Iterable | None = None,
                           folded: Folded | None = None, nearby=None) -> int:
    """Suggest the meetings `article` names or describes; how many it found (stored unless
    already linked).

    `mentions`: what ingestion just found (objects with entity_id, kind, start, end, text);
    when None, the article's visible mentions are read (one query). `folded`: fold(body), if
    the caller has it. Costs at most one more query for the meetings around the article's date
    (none for an undated article or one naming no forum or person) and one insert.
    Existing links, rejected ones included, are left as they are. `nearby`: a function
    from `meetings_around`, when a batch of articles reads the meetings once for all of them.
    """
    seen = list(mentions) if mentions is not None else _seen_in_database(article)
    # A name the text left undecided between entities is evidence of none of them.
    seen = [m for m in seen if not getattr(m, "ambiguous", False)]
    first: dict[int, Seen] = {}
    for m in sorted(seen, key=lambda m: (_phrase(m), m.start)):  # a name before a phrase
        first.setdefault(m.entity_id, m)
    reports = {m.entity_id: MeetingReport(
                   article=article, meeting_id=m.entity_id, reason=MeetingReport.Reason.NAMED,
                   evidence=f"named: {m.text}"[:_EVIDENCE], evidence_start=m.start,
                   evidence_end=m.end)
               for m in first.values() if m.kind == Entity.Kind.MEETING and not _phrase(m)}
    # Page furniture ("Related Posts" and the headlines under it) is no evidence of a place,
    # as it is none of a name: matching stops where it starts.
    report_end = getattr(article, "furniture_from", None)
    day = article.published_on
    if day and any(m.kind in (Entity.Kind.FORUM, Entity.Kind.PERSON) for m in first.values()):
        for candidate in (nearby or _candidates)(day):
            if candidate.pk in reports:
                continue
            if folded is None or report_end is not None and len(folded.source) > report_end:
                folded = fold(article.body[:report_end])  # once per article, when needed
            why = _described(candidate, first, folded, day)
            if why:
                evidence, anchor = why
                reports[candidate.pk] = MeetingReport(
                    article=article, meeting_id=candidate.pk,
                    reason=MeetingReport.Reason.DESCRIBED, evidence=evidence,
                    evidence_start=anchor.start, evidence_end=anchor.end)
    # A phrase that describes a meeting the names around it did not place: it is the evidence.
    for m in first.values():
        if m.kind == Entity.Kind.MEETING and _phrase(m) and m.entity_id not in reports:
            reports[m.entity_id] = MeetingReport(
                article=article, meeting_id=m.entity_id, reason=MeetingReport.Reason.DESCRIBED,
                evidence=f"described: {m.text}"[:_EVIDENCE], evidence_start=m.start,
                evidence_end=m.end)
    if reports:
        # Machine rows, like mentions: no history row until an editor reviews them. A link
        # already there (confirmed, rejected or pending) is kept as it is.
        MeetingReport.objects.bulk_create(reports.values(), ignore_conflicts=True)
    return len(reports)


@transaction.atomic
def meeting_report_review(*, report: MeetingReport, review: str, editor) -> MeetingReport:
    """Confirm, reject or send back a suggested link; a rejected link stays, hidden, so that
    linking again cannot bring it back."""
    if review not in Review.values:
        raise ValidationError({"review": REVIEW_UNKNOWN})
    report.review = review
    report.reviewed_by = editor if review != Review.MACHINE else None
    report.reviewed_at = timezone.now() if review != Review.MACHINE else None
    report.full_clean()
    report.save(update_fields=["review", "reviewed_by", "reviewed_at"])
    return report


def meeting_report_backfill(*, articles=None) -> tuple[int, int]:
    """Link every article (or those given) to the meetings it reports: (articles read, links
    added). Per article: one query for its mentions, at most one for the meetings around its
    date and one insert."""
    articles = articles if articles is not None else Article.objects.all()
    before = MeetingReport.objects.count()
    read = 0
    fields = ("pk", "body", "published_on", "furniture_from")
    for article in articles.only(*fields).iterator(chunk_size=200):
        with transaction.atomic():
            meeting_report_suggest(article=article)
        read += 1
    return read, MeetingReport.objects.count() - before
