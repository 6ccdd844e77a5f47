"""Mention counts as bar charts: bucketing by week or month, and the SVG geometry.

Pure functions; the template `procurement/includes/bar_chart.html` draws the result as inline
SVG (no JavaScript), with a data table beside it for screen readers and for copying.
"""

import datetime
from dataclasses import dataclass, field

WEEK = "week"
MONTH = "month"


@dataclass(frozen=True)
class Bucket:
    start: datetime.date
    count: int


@dataclass
class Bar:
    start: datetime.date
    count: int
    x: float           # SVG user units: each bucket is 10 wide, the plot 100 high
    width: float
    height: float

    @property
    def y(self) -> float:
        return round(100 - self.height, 2)


@dataclass
class Chart:
    """Bars in a viewBox of (10 × buckets) by 100, stretched to the page width; the labels are
    HTML placed by percentage, so text stays crisp and unstretched at any width."""

    period: str                      # WEEK or MONTH
    buckets: list[Bucket]
    bars: list[Bar] = field(default_factory=list)
    ticks: list[tuple[float, datetime.date]] = field(default_factory=list)  # (left %, start)
    peak: int = 0
    total: int = 0

    @property
    def width(self) -> int:
        return 10 * len(self.buckets)

    @property
    def empty(self) -> bool:
        return self.total == 0

    @property
    def first(self):
        return self.buckets[0].start if self.buckets else None

    @property
    def last(self):
        return self.buckets[-1].start if self.buckets else None


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())  # Monday, as ISO 8601 and India count


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def weekly(counts, *, end: datetime.date, weeks: int) -> list[Bucket]:
    """`weeks` weekly buckets ending with the week of `end`; counts outside are dropped."""
    last = week_start(end)
    starts = [last - datetime.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    totals = dict.fromkeys(starts, 0)
    for day, n in counts:
        key = week_start(day)
        if key in totals:
            totals[key] += n
    return [Bucket(s, totals[s]) for s in starts]


def monthly(counts, *, end: datetime.date, months: int) -> list[Bucket]:
    starts = [month_start(end)]
    for _ in range(months - 1):
        starts.insert(0, month_start(starts[0] - datetime.timedelta(days=1)))
    totals = dict.fromkeys(starts, 0)
    for day, n in counts:
        key = month_start(day)
        if key in totals:
            totals[key] += n
    return [Bucket(s, totals[s]) for s in starts]


def recent_weeks(counts, *, today: datetime.date, weeks: int = 26) -> Chart:
    """Weekly bars for the last `weeks` weeks up to the latest mention (or today)."""
    counts = list(counts)
    end = counts[-1][0] if counts else today
    return draw(WEEK, weekly(counts, end=end, weeks=weeks))


def timeline(counts, *, today: datetime.date, weeks: int = 26, max_months: int = 60) -> Chart:
    """Weekly bars when the mentions span half a year or less, monthly otherwise.

    The chart ends with the latest mention (old corpora still show their shape), or today when
    there is none.
    """
    counts = list(counts)
    if not counts:
        return draw(WEEK, weekly([], end=today, weeks=weeks))
    first, last = counts[0][0], counts[-1][0]
    if (last - first).days <= weeks * 7:
        return draw(WEEK, weekly(counts, end=last, weeks=weeks))
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    return draw(MONTH, monthly(counts, end=last, months=min(max(months, 12), max_months)))


def draw(period: str, buckets: list[Bucket]) -> Chart:
    chart = Chart(period=period, buckets=buckets)
    chart.peak = max((b.count for b in buckets), default=0)
    chart.total = sum(b.count for b in buckets)
    for i, bucket in enumerate(buckets):
        height = 100 * bucket.count / chart.peak if chart.peak else 0
        if bucket.count:
            height = max(height, 2)  # one mention among hundreds must still show
        chart.bars.append(Bar(bucket.start, bucket.count, x=i * 10 + 1, width=8,
                              height=round(height, 2)))
    # About five date labels on bucket boundaries; none in the last eighth, where it would
    # run off the right edge.
    every = max(1, round(len(buckets) / 5))
    chart.ticks = [(round(100 * i / len(buckets), 2), b.start) for i, b in enumerate(buckets)
                   if i % every == 0 and i / len(buckets) < 0.875]
    return chart
