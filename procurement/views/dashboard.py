"""The dashboard: every programme's status at a glance, what came in lately, and how much."""

from django.shortcuts import render
from django.utils import timezone

from .. import selectors
from . import charts
from .programmes import STALE_AFTER, programme_row

CHART_WEEKS = 26


def home(request):
    today = timezone.localdate()
    rows = [programme_row(p, today=today) for p in selectors.programme_list()]
    return render(request, "procurement/home.html", {
        "rows": rows,
        "stale_count": sum(r.stale for r in rows),
        "conflict_count": sum(r.status.conflicted for r in rows),
        "articles": selectors.article_latest(limit=10),
        "meetings": selectors.meeting_latest(limit=5),
        "chart": charts.recent_weeks(selectors.mention_counts_recent(weeks=CHART_WEEKS),
                                     today=today, weeks=CHART_WEEKS),
        "stale_after_days": STALE_AFTER.days,
    })
