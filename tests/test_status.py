"""A programme's status is derived from its confirmed claims, never stored twice."""

import datetime

from procurement.models import Programme, Review

from .conftest import make_claim


def status_of(programme):
    return Programme.objects.with_evidence().get(pk=programme.pk).status


def test_it_is_unknown_without_confirmed_claims(programme):
    """No confirmed claim, no status."""
    make_claim(programme, review=Review.MACHINE)
    assert status_of(programme).status == ""


def test_it_takes_the_latest_confirmed_claim(programme):
    """The claim that happened last wins, whatever order they were entered in."""
    make_claim(programme, status="delivered", occurred_on=datetime.date(2025, 6, 1), units_delivered=5)
    make_claim(programme, status="contracted", occurred_on=datetime.date(2018, 10, 5))
    status = status_of(programme)
    assert status.status == "delivered"
    assert status.as_of == datetime.date(2025, 6, 1)
    assert status.units_delivered == 5
    assert not status.conflicted


def test_it_ignores_rejected_claims(programme):
    """A rejected claim does not count, however recent."""
    make_claim(programme, status="contracted", occurred_on=datetime.date(2018, 10, 5))
    make_claim(programme, status="cancelled", occurred_on=datetime.date(2025, 1, 1),
               review=Review.REJECTED)
    assert status_of(programme).status == "contracted"


def test_it_flags_claims_that_disagree(programme):
    """Two confirmed claims for the same date with different statuses are a conflict."""
    day = datetime.date(2024, 3, 1)
    make_claim(programme, status="in_delivery", occurred_on=day)
    other = make_claim(programme, status="stalled", occurred_on=day)
    status = status_of(programme)
    assert status.conflicted
    assert {status.claim.pk, *(c.pk for c in status.conflicts)} >= {other.pk}


def test_it_flags_claims_that_disagree_on_units(programme):
    """Same date, same status, different delivered counts: also a conflict."""
    day = datetime.date(2024, 3, 1)
    make_claim(programme, occurred_on=day, units_delivered=3)
    make_claim(programme, occurred_on=day, units_delivered=2)
    assert status_of(programme).conflicted


def test_it_ranks_dated_claims_above_undated_ones(programme):
    """An undated claim never overrides a dated one."""
    make_claim(programme, status="contracted", occurred_on=datetime.date(2018, 10, 5))
    make_claim(programme, status="cancelled", occurred_on=None)
    assert status_of(programme).status == "contracted"


def test_it_reads_every_status_in_two_queries(programme, django_assert_max_num_queries):
    """Programmes with their claims load in a fixed number of queries."""
    make_claim(programme)
    with django_assert_max_num_queries(2):
        statuses = [p.status for p in Programme.objects.with_evidence()]
    assert statuses[0].status == "in_delivery"
