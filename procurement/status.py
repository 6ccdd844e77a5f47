"""A programme's current status, derived from its confirmed claims and never stored twice.

The latest confirmed claim (by when the status began, then when it was reported) gives the
status. Confirmed claims dated the same as the latest one but saying something else (another
status, or another delivered count) are a conflict: both are shown, neither silently wins.

This module is the one place that says what "sources disagree" and "last confirmed" mean; the
pages, the dashboard and the API all read them from `DerivedStatus`.
"""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class DerivedStatus:
    status: str = ""               # a StatusClaim.Status value, "" when no confirmed claim exists
    label: str = ""
    claim: object = None           # the claim that decided it
    units_delivered: int | None = None
    as_of: date | None = None      # since when: the deciding claim's date
    last_confirmed: date | None = None  # the newest confirmed evidence, see `last_confirmed`
    # Confirmed claims dated the same as `claim` that disagree among themselves, `claim` aside.
    conflicts: list = field(default_factory=list)

    @property
    def known(self) -> bool:
        return bool(self.status)

    @property
    def conflicted(self) -> bool:
        return bool(self.conflicts)


def disagree(one, other) -> bool:
    """Two claims say different things: another status, or both give a delivered count and the
    counts differ. A claim that gives no count does not contradict one that does."""
    return one.status != other.status or (
        one.units_delivered is not None and other.units_delivered is not None
        and one.units_delivered != other.units_delivered)


def conflicting(claims) -> list:
    """Those of `claims` (confirmed, dated the same) that disagree with at least one other."""
    return [c for c in claims if any(disagree(c, o) for o in claims if o is not c)]


def last_confirmed(claims) -> date | None:
    """When a source last confirmed anything about the programme: the newest report date (or,
    for a claim with no report date, the date it happened) among the confirmed claims.

    A report in 2025 that a 2018 contract stands is fresh evidence, so the report date counts,
    not when the status began (that is `DerivedStatus.as_of`).
    """
    return max((c.reported_on or c.occurred_on for c in claims
                if c.reported_on or c.occurred_on), default=None)


def _order(claim):
    # Undated claims sort first so that any dated claim outranks them.
    return (claim.occurred_on is not None, claim.occurred_on or date.min,
            claim.reported_on or date.min, claim.pk or 0)


def derive_status(claims) -> DerivedStatus:
    """`claims`: the programme's confirmed claims (any order). Pure: runs no query."""
    claims = sorted(claims, key=_order)
    if not claims:
        return DerivedStatus()
    latest = claims[-1]
    same_day = [c for c in claims if c.occurred_on == latest.occurred_on]
    conflicts = [c for c in conflicting(same_day) if c is not latest]
    delivered = next((c.units_delivered for c in reversed(claims)
                      if c.units_delivered is not None), None)
    return DerivedStatus(status=latest.status, label=latest.get_status_display(), claim=latest,
                         units_delivered=delivered, as_of=latest.occurred_on or latest.reported_on,
                         last_confirmed=last_confirmed(claims), conflicts=conflicts)
