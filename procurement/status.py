"""A programme's current status, derived from its confirmed claims and never stored twice.

The latest confirmed claim (by when the status began, then when it was reported) gives the
status. Confirmed claims dated the same as the latest one but saying something else (another
status, or another delivered count) are a conflict: both are shown, neither silently wins.
"""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class DerivedStatus:
    status: str = ""               # a StatusClaim.Status value, "" when no confirmed claim exists
    label: str = ""
    claim: object = None           # the claim that decided it
    units_delivered: int | None = None
    as_of: date | None = None
    conflicts: list = field(default_factory=list)  # claims that disagree with `claim`

    @property
    def known(self) -> bool:
        return bool(self.status)

    @property
    def conflicted(self) -> bool:
        return bool(self.conflicts)


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
    conflicts = [
        c for c in claims[:-1]
        if c.occurred_on == latest.occurred_on
        and (c.status != latest.status
             or (c.units_delivered is not None and latest.units_delivered is not None
                 and c.units_delivered != latest.units_delivered))
    ]
    delivered = next((c.units_delivered for c in reversed(claims)
                      if c.units_delivered is not None), None)
    return DerivedStatus(status=latest.status, label=latest.get_status_display(), claim=latest,
                         units_delivered=delivered, as_of=latest.occurred_on or latest.reported_on,
                         conflicts=conflicts)
