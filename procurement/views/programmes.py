"""Programmes: where each stands (derived status, freshness) and the dated claims behind it."""

import datetime
from dataclasses import dataclass, field

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from .. import selectors
from ..filters import ProgrammeFilter
from ..models import Article, Programme, Review
from ..status import DerivedStatus, conflicting, derive_status
from .pages import csv_response, is_filtered, page_number, wants_csv

# A programme whose latest confirmed evidence is older than this is flagged as stale: its
# status may still be right, but nobody has confirmed it lately.
STALE_AFTER = datetime.timedelta(days=365)

# Dates of a timeline drawn on one page of a programme; earlier ones are on the next pages.
PROGRAMME_MOMENTS = 40


@dataclass
class ProgrammeRow:
    """One line of the dashboard: a programme, its derived status and how fresh it is."""

    programme: Programme
    status: DerivedStatus
    last_confirmed: datetime.date | None
    stale: bool

    @property
    def delivered_share(self) -> int | None:
        """Per cent delivered, for the progress bar; None when either figure is unknown."""
        ordered, delivered = self.programme.units_ordered, self.status.units_delivered
        if not ordered or delivered is None:
            return None
        return min(100, round(100 * delivered / ordered))


def programme_row(programme: Programme, *, today: datetime.date) -> ProgrammeRow:
    """Needs `programme.confirmed_claims` (Programme.objects.with_evidence()); no query."""
    status = derive_status(programme.confirmed_claims)
    last = status.last_confirmed
    return ProgrammeRow(programme, status, last,
                        stale=last is None or today - last > STALE_AFTER)


@dataclass
class Moment:
    """Confirmed claims about one programme dated the same; several that disagree conflict."""

    occurred_on: datetime.date | None
    precision: str
    claims: list = field(default_factory=list)

    @property
    def conflicted(self) -> bool:
        return bool(conflicting(self.claims))


@dataclass
class Timeline:
    moments: list[Moment]
    pending: list            # machine-found claims awaiting an editor; not part of the status
    pending_total: int = 0   # how many await in all (`pending` may be the newest few)
    earlier: int = 0         # older dates left off `moments` (a system's page shows the latest)
    later: int = 0           # newer dates left off `moments` (an earlier page of a programme)
    page: int = 1            # which stretch of dates `moments` is, counted from the latest

    def latest(self, count: int) -> "Timeline":
        """The timeline cut to its `count` latest dates; the rest counted in `earlier`."""
        return self.paged(1, count)

    def paged(self, number: int, size: int) -> "Timeline":
        """Page `number` of the dates, `size` each, counted back from the latest: page 1 is
        the latest `size` dates. A page past the oldest date shows the oldest page."""
        total = len(self.moments)
        number = max(1, min(number, (total + size - 1) // size or 1))
        end = total - (number - 1) * size
        start = max(0, end - size)
        self.earlier, self.later, self.page = start, total - end, number
        self.moments = self.moments[start:end]
        return self

    @property
    def conflicted(self) -> bool:
        return any(m.conflicted for m in self.moments)


def timeline(claims) -> Timeline:
    """Claims (date order, rejected ones excluded) as moments, oldest first. Pure."""
    moments: list[Moment] = []
    pending = []
    for claim in claims:
        if claim.review != Review.CONFIRMED:
            pending.append(claim)
            continue
        if moments and moments[-1].occurred_on == claim.occurred_on:
            moments[-1].claims.append(claim)
        else:
            moments.append(Moment(claim.occurred_on, claim.occurred_precision, [claim]))
    return Timeline(moments, pending, len(pending))


def with_timelines(programmes, *, today: datetime.date) -> list[Programme]:
    """The programmes with `.row` and `.timeline` set: confirmed claims from
    `confirmed_claims` (with_evidence), the newest claims awaiting review and their number
    from `selectors.claims_pending` (two queries for all of them)."""
    programmes = list(programmes)
    pending = selectors.claims_pending(programmes=programmes)
    for programme in programmes:
        programme.row = programme_row(programme, today=today)
        programme.timeline = timeline(programme.confirmed_claims)
        shown, total = pending.get(programme.pk, ([], 0))
        programme.timeline.pending, programme.timeline.pending_total = shown, total
    return programmes


def with_sources(programmes) -> None:
    """The articles, with their outlets, of the claims a page draws (the dates shown and each
    status's own claim), in one query. The status and the dates need none of them; loading an
    article for every confirmed claim made these pages grow with the record (a programme
    followed for years has hundreds)."""
    claims = [c for p in programmes for m in p.timeline.moments for c in m.claims]
    claims += [p.row.status.claim for p in programmes if p.row.status.claim is not None]
    ids = {c.article_id for c in claims if c.article_id}
    articles = Article.objects.select_related("outlet").defer("signature").in_bulk(ids)
    for claim in claims:
        if claim.article_id:
            claim.article = articles[claim.article_id]


def programme_detail(request, slug):
    try:
        programme = selectors.programme_detail(slug=slug)
    except Programme.DoesNotExist:
        raise Http404("No such programme.")
    with_timelines([programme], today=timezone.localdate())
    # The status is derived from every confirmed claim; the page draws one stretch of dates,
    # each with its evidence (drawing them all cost ~0.5 ms a claim for programmes followed
    # for years).
    programme.timeline.paged(page_number(request), PROGRAMME_MOMENTS)
    with_sources([programme])
    outcomes = selectors.outcome_about(subjects=[programme.platform_id,
                                                 *[a.pk for a in programme.agreements.all()]])
    return render(request, "procurement/programme.html", {
        "programme": programme, "row": programme.row, "timeline": programme.timeline,
        "status": programme.row.status, "outcomes": outcomes,
    })


def programme_list(request):
    # The FilterSet filters plain programmes (its status filter loads evidence on its own);
    # the evidence for the rows is loaded once, after filtering.
    filterset = ProgrammeFilter(request.GET, queryset=Programme.objects.all())
    today = timezone.localdate()
    rows = [programme_row(p, today=today)
            for p in selectors.programme_list(within=filterset.qs)]
    if wants_csv(request):
        return csv_response("programmes", [
            "slug", "buyer", "supplier", "platform", "kind", "status", "units_delivered",
            "units_ordered", "unit", "last_confirmed", "stale", "conflicted", "value", "currency",
        ], ([r.programme.slug, r.programme.buyer.name, r.programme.supplier.name,
             r.programme.platform.name, r.programme.kind, r.status.status,
             r.status.units_delivered, r.programme.units_ordered, r.programme.unit,
             r.last_confirmed, int(r.stale), int(r.status.conflicted), r.programme.value,
             r.programme.currency] for r in rows))
    return render(request, "procurement/programme_list.html", {
        "filter": filterset, "rows": rows, "filtered": is_filtered(request),
    })
