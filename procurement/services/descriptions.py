"""Mentions of meetings and agreements that an article describes instead of naming.

"the SCO meeting in Qingdao", "the 2018 deal", "the annual summit", "2018 में हुए सौदे": the
text engine (`text.descriptions`) reads such phrases; here each is resolved against the record
to at most one meeting or agreement, and stored as a machine-found mention of it at the phrase
(no alias: nothing in the alias table matched), for editors to confirm or reject.

A meeting fits a phrase when it agrees with everything the phrase says: its forum, its place
(the place entry or the place as reported), its participants (all the people named), the year
it began or ended, the ordinal in its name ("23rd India–Russia Annual Summit"). A summit or an
"annual" meeting with no forum named is one of a summit series. Without a year or an ordinal,
the article's date must fall in the meeting's window, as for article → meeting links
(`meetings.DAYS_BEFORE`, `meetings.DAYS_AFTER`); when several fit, the nearest to that date
wins. A year alone ("the 2018 meeting") identifies no meeting.

An agreement fits when it is of the kind the noun says (a deal is a contract or an
intergovernmental agreement; a communique is a communique), covers the platforms named, was
signed in the year given (or met at a meeting of that year, if unsigned), is worth the value
given (to the precision written), and was reached at a meeting of the forum or place named. It
must also belong to the article: one of its platforms is named in the phrase or anywhere in the
article, or its forum is named, or the article is dated in the window of its meeting.
"the S-400 deal" is therefore the only contract for the S-400, "the 2018 deal" in an article
about the S-400 the S-400 contract signed in 2018, and "the joint communique" the one of the
meeting the article reports.

Precision first: when two fit equally, nothing is suggested. An undated article describes no
meeting unless the phrase gives a year or an ordinal.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from ..models import Agreement, Entity, Forum, Meeting, Mention, Review
from ..text import Description, Folded, Hint, find_descriptions, fold_alias
from ..text.claims import sentence_around
from .meetings import DAYS_AFTER, DAYS_BEFORE, _window_filter

_TEXT = Mention._meta.get_field("text").max_length

# Agreement categories each noun can stand for.
_CATEGORIES = {
    "deal": (Agreement.Category.CONTRACT, Agreement.Category.INTERGOVERNMENTAL),
    "contract": (Agreement.Category.CONTRACT,),
    "agreement": (Agreement.Category.CONTRACT, Agreement.Category.INTERGOVERNMENTAL,
                  Agreement.Category.MOU, Agreement.Category.FRAMEWORK),
    "communique": (Agreement.Category.COMMUNIQUE,),
}
_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")


@dataclass(frozen=True)
class Described:
    """A mention found from a description, with the fields of ingestion's Found."""

    entity_id: int
    slug: str
    kind: str
    alias_id: None
    start: int
    end: int
    text: str
    ambiguous: bool = False  # a described mention names one entity, never several


@dataclass
class _Meeting:
    pk: int
    slug: str
    ordinal: int | None
    forum_id: int | None
    series: bool  # its forum is a summit series
    multilateral: bool  # its forum is a multilateral organisation (not talks on the side)
    location_id: int | None
    place: str
    host_id: int | None
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    participants: set


@dataclass
class _Agreement:
    pk: int
    slug: str
    category: str
    signed_on: datetime.date | None
    value: float | None
    currency: str
    forum_id: int | None
    location_id: int | None
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    platforms: set


def _in_window(day: datetime.date | None, starts_on, ends_on) -> bool:
    if day is None or starts_on is None:
        return False
    last = ends_on or starts_on
    return (starts_on - datetime.timedelta(days=DAYS_BEFORE) <= day
            <= last + datetime.timedelta(days=DAYS_AFTER))


def _distance(day: datetime.date, starts_on, ends_on) -> int:
    last = ends_on or starts_on
    return 0 if starts_on <= day <= last else min(abs((day - starts_on).days),
                                                  abs((day - last).days))


def _series(d: Description) -> bool:
    """A summit or an annual meeting with no forum named: one of a summit series."""
    return d.forum is None and (d.noun == "summit" or d.annual)


def _identifies(d: Description) -> bool:
    """Whether the phrase can single out a meeting: a year or an ordinal alone cannot ("the
    2018 meeting", "the fifth meeting" could be any)."""
    return bool(d.forum or d.places or d.people or _series(d))


def _dated(d: Description) -> bool:
    """Whether the phrase dates the meeting itself; if not, the article's date must."""
    return bool(d.year or d.ordinal and (d.forum or _series(d)))


def _meeting_query(descriptions: list[Description], day) -> Q | None:
    """Meetings any of `descriptions` could be, as one filter (None: none can be resolved)."""
    query = None
    for d in descriptions:
        if not _identifies(d) or not _dated(d) and day is None:
            continue
        q = Q(parent_forum_id=d.forum) if d.forum else Q()
        if _series(d):
            q &= Q(parent_forum__category=Forum.Category.SUMMIT)
        if d.year:
            q &= Q(starts_on__year=d.year) | Q(ends_on__year=d.year)
        elif not _dated(d):
            q &= _window_filter(day)
        query = q if query is None else query | q
    return query


def _meetings(query: Q) -> list[_Meeting]:
    """One query: one row per participant, as in meetings._candidates."""
    rows = (Meeting.objects.filter(query)
            .values_list("pk", "slug", "name", "parent_forum_id", "parent_forum__category",
                         "location_id", "place", "host_id", "starts_on", "ends_on",
                         "participants"))
    found: dict[int, _Meeting] = {}
    for (pk, slug, name, forum_id, category, location_id, place, host_id, starts_on, ends_on,
         person_id) in rows:
        if pk not in found:
            ordinal = _ORDINAL.search(name)
            found[pk] = _Meeting(pk, slug, int(ordinal.group(1)) if ordinal else None, forum_id,
                                 category == Forum.Category.SUMMIT,
                                 category == Forum.Category.MULTILATERAL, location_id, place,
                                 host_id, starts_on, ends_on, set())
        if person_id is not None:
            found[pk].participants.add(person_id)
    return list(found.values())


def _place_fits(d: Description, location_id, place: str, place_texts: dict) -> bool:
    if not d.places:
        return True
    if location_id is not None:
        return location_id in d.places
    reported = {fold_alias(part) for part in place.split(",")}
    return any(place_texts.get(p, set()) & reported for p in d.places)


def _meeting_fits(d: Description, m: _Meeting, day, named: set | None,
                  place_texts: dict) -> bool:
    if d.forum and m.forum_id != d.forum:
        return False
    if _series(d):
        # The series must be this article's: its host, a participant or its place named
        # (`named` None: the caller asks without that condition).
        if not m.series or named is not None and not (
                {m.host_id, m.location_id} | m.participants) & named:
            return False
    if not _identifies(d):
        return False
    if not _place_fits(d, m.location_id, m.place, place_texts):
        return False
    if not set(d.people) <= m.participants:
        return False
    if d.year and d.year not in {x.year for x in (m.starts_on, m.ends_on) if x}:
        return False
    if d.ordinal and m.ordinal != d.ordinal:
        return False
    return _dated(d) or _in_window(day, m.starts_on, m.ends_on)


def _sideline(fits: list[_Meeting]) -> _Meeting | None:
    """The forum meeting, where the others are talks held on its sidelines: one meeting of a
    multilateral forum, and the rest without a multilateral forum, at its place, in its
    days."""
    forum = [m for m in fits if m.multilateral]
    if len(forum) != 1:
        return None
    main = forum[0]
    last = main.ends_on or main.starts_on
    return main if all(
        m is main or m.location_id == main.location_id and m.starts_on is not None
        and main.starts_on <= m.starts_on <= last for m in fits) else None


def _narrowed(d: Description, fits: list[_Meeting], people: Iterable[set]) -> list[_Meeting]:
    """Several meetings fit: what the noun and the people around the phrase tell apart.

    Talks (वार्ता, बातचीत, मुलाकात) and bilateral meetings are held by named participants, not
    by a multilateral forum; a ministers' meeting is a forum's; a plain "meeting" where a
    forum met and two of its members talked on the side is the forum's (the side one is
    "talks"). Then people named nearby (each set of `people` in turn: the sentence's, the
    article's) who took part in only one of them decide."""
    if d.noun == "talks" or d.scale == "bilateral":
        fits = [m for m in fits if not m.multilateral]
    elif d.scale == "multilateral":
        fits = [m for m in fits if m.forum_id is not None] or fits
    elif d.noun == "meeting" and (main := _sideline(fits)) is not None:
        fits = [main]
    for named in people:
        if len(fits) < 2:
            break
        telling = {p for p in named - set(d.people)
                   if sum(p in m.participants for m in fits) == 1}
        chosen = {m.pk for m in fits if m.participants & telling}
        if len(chosen) == 1:
            fits = [m for m in fits if m.pk in chosen]
    return fits


def _meeting_of(d: Description, candidates: list[_Meeting], day, named: set,
                place_texts: dict, people: Iterable[set] = ()) -> _Meeting | None:
    fits = [m for m in candidates if _meeting_fits(d, m, day, named, place_texts)]
    if not fits and _series(d) and not _dated(d):
        # "the annual summit" in an article naming none of its side: the one summit of a
        # series around the article's date, when there is exactly one.
        fits = [m for m in candidates if _meeting_fits(d, m, day, None, place_texts)]
        return fits[0] if len(fits) == 1 else None
    if len(fits) > 1:
        fits = _narrowed(d, fits, people)
    if len(fits) > 1 and not _dated(d):
        # By date: the nearest to the article's; a tie is no answer.
        ranked = sorted(fits, key=lambda m: _distance(day, m.starts_on, m.ends_on))
        if _distance(day, ranked[0].starts_on, ranked[0].ends_on) \
                < _distance(day, ranked[1].starts_on, ranked[1].ends_on):
            return ranked[0]
    return fits[0] if len(fits) == 1 else None


def _agreements(descriptions: list[Description]) -> list[_Agreement]:
    """One query: one row per platform."""
    query = None
    for d in descriptions:
        q = Q(category__in=_CATEGORIES[d.noun])
        if d.year:
            q &= Q(signed_on__year=d.year) | Q(signed_on__isnull=True,
                                               at_meeting__starts_on__year=d.year)
        query = q if query is None else query | q
    rows = (Agreement.objects.filter(query)
            .values_list("pk", "slug", "category", "signed_on", "value", "currency",
                         "at_meeting__parent_forum_id", "at_meeting__location_id",
                         "at_meeting__starts_on", "at_meeting__ends_on", "platforms"))
    found: dict[int, _Agreement] = {}
    for (pk, slug, category, signed_on, value, currency, forum_id, location_id, starts_on,
         ends_on, platform_id) in rows:
        if pk not in found:
            found[pk] = _Agreement(pk, slug, category, signed_on,
                                   float(value) if value is not None else None, currency,
                                   forum_id, location_id, starts_on, ends_on, set())
        if platform_id is not None:
            found[pk].platforms.add(platform_id)
    return list(found.values())


def _agreement_fits(d: Description, a: _Agreement, day, platforms: set) -> bool:
    if a.category not in _CATEGORIES[d.noun]:
        return False
    if not set(d.platforms) <= a.platforms:
        return False
    if d.year and (a.signed_on.year if a.signed_on else
                   a.starts_on.year if a.starts_on else None) != d.year:
        return False
    if d.value is not None and (a.value is None or abs(a.value - d.value) > d.tolerance
                                or d.currency and a.currency and d.currency != a.currency):
        return False
    if d.forum and a.forum_id != d.forum:
        return False
    if d.places and a.location_id not in d.places:
        return False
    # It must be this article's agreement, not merely one of the same year or kind.
    return bool(d.platforms or a.platforms & platforms or d.forum
                or _in_window(day, a.starts_on, a.ends_on))


def described_mentions(*, article, mentions: Iterable, folded: Folded | None = None,
                       avoid: Iterable = ()) -> list[Described]:
    """The meetings and agreements `article` describes, as mentions to store (not stored).

    `mentions`: the names found in the article (objects with entity_id, kind, start, end,
    text), read as hints; a phrase overlapping a mention of the entity it resolves to is
    skipped, as is one overlapping a span of `avoid` ((entity id, start, end): mentions
    editors rejected). Queries: none unless a phrase is found; then one for meetings and one
    for agreements, whichever the phrases need.
    """
    # A name the text left undecided between entities is evidence of none of them.
    mentions = [m for m in mentions if not getattr(m, "ambiguous", False)]
    hints = [Hint(m.entity_id, m.kind, m.start, m.end) for m in mentions]
    descriptions = find_descriptions(article.body, hints, folded)
    if not descriptions:
        return []
    end = getattr(article, "furniture_from", None)
    descriptions = [d for d in descriptions if end is None or d.end <= end]
    day = article.published_on
    named = {m.entity_id for m in mentions}
    platforms = {m.entity_id for m in mentions if m.kind == Entity.Kind.PLATFORM}
    place_texts: dict[int, set] = {}
    for m in mentions:
        if m.kind == Entity.Kind.PLACE:
            place_texts.setdefault(m.entity_id, set()).add(fold_alias(m.text))
    taken = [(m.entity_id, m.start, m.end) for m in mentions] + list(avoid)

    resolved: list[tuple[Description, int, str, str]] = []
    about_meetings = [d for d in descriptions if d.kind == Entity.Kind.MEETING]
    query = _meeting_query(about_meetings, day) if about_meetings else None
    if query is not None:
        candidates = _meetings(query)
        people = [(m.entity_id, m.start) for m in mentions if m.kind == Entity.Kind.PERSON]
        everyone = {person for person, _ in people}
        for d in about_meetings:
            sentence = sentence_around(article.body, d.start) or (d.start, d.end)
            nearby = {person for person, at in people if sentence[0] <= at < sentence[1]}
            m = _meeting_of(d, candidates, day, named, place_texts, (nearby, everyone))
            if m is not None:
                resolved.append((d, m.pk, m.slug, Entity.Kind.MEETING.value))
    about_agreements = [d for d in descriptions if d.kind == Entity.Kind.AGREEMENT]
    if about_agreements:
        candidates = _agreements(about_agreements)
        for d in about_agreements:
            fits = [a for a in candidates if _agreement_fits(d, a, day, platforms)]
            if len(fits) == 1:
                resolved.append((d, fits[0].pk, fits[0].slug, Entity.Kind.AGREEMENT.value))

    found: list[Described] = []
    for d, pk, slug, kind in sorted(resolved, key=lambda r: r[0].start):
        if any(e == pk and s < d.end and d.start < t for e, s, t in taken):
            continue
        found.append(Described(pk, slug, kind, None, d.start, d.end, d.text[:_TEXT]))
        taken.append((pk, d.start, d.end))
    return found


def described_mention_store(*, article, mentions: Iterable, folded: Folded | None = None
                            ) -> list[Described]:
    """Find (as `described_mentions`) and store the described mentions of a new article, as
    machine-found; one insert when there are any. Returns them."""
    found = described_mentions(article=article, mentions=mentions, folded=folded)
    if found:
        # Machine rows, like the alias matches: no history until an editor reviews them.
        Mention.objects.bulk_create(
            [Mention(article=article, entity_id=d.entity_id, alias=None, start=d.start,
                     end=d.end, text=d.text, review=Review.MACHINE) for d in found],
            ignore_conflicts=True)
    return found
