"""A programme's status is derived from its confirmed claims, never stored twice."""

import datetime

from django.urls import reverse

from procurement.models import Programme, Review, StatusClaim
from procurement.views.programmes import programme_row, timeline

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
    first = make_claim(programme, status="in_delivery", occurred_on=day)
    other = make_claim(programme, status="stalled", occurred_on=day)
    status = status_of(programme)
    assert status.conflicted
    # Same date: the claim entered last decides, and the one it contradicts is shown beside it.
    assert status.claim.pk == other.pk
    assert [c.pk for c in status.conflicts] == [first.pk]


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


def test_it_dates_last_confirmed_by_the_newest_report_on_pages_and_in_the_api(client, programme):
    """A 2018 contract reported again in 2025 was last confirmed in 2025, on the programme page,
    on the platform page and in the API alike; the status still dates from 2018."""
    make_claim(programme, status="contracted", occurred_on=datetime.date(2018, 10, 5),
               reported_on=datetime.date(2025, 6, 1))

    page = client.get(reverse("procurement:programme", args=[programme.slug]))
    platform_page = client.get(programme.platform.get_absolute_url())
    api = client.get(f"/api/v1/programmes/{programme.slug}/")

    assert page.status_code == platform_page.status_code == api.status_code == 200
    assert page.context["row"].last_confirmed == datetime.date(2025, 6, 1)
    assert '<time datetime="2025-06-01">' in platform_page.content.decode()
    assert api.json()["status"]["last_confirmed_on"] == "2025-06-01"
    assert api.json()["status"]["since_on"] == "2018-10-05"
    assert page.context["row"].status.as_of == datetime.date(2018, 10, 5)


def test_it_judges_staleness_by_the_last_confirmation(programme):
    """Fresh evidence of an old status is not stale; old evidence is."""
    make_claim(programme, status="contracted", occurred_on=datetime.date(2018, 10, 5),
               reported_on=datetime.date(2025, 6, 1))
    loaded = Programme.objects.with_evidence().get(pk=programme.pk)
    assert not programme_row(loaded, today=datetime.date(2025, 12, 1)).stale
    assert programme_row(loaded, today=datetime.date(2026, 7, 1)).stale


def test_it_flags_disagreement_alike_in_the_status_and_the_timeline(programme):
    """Three claims of one day: two give different counts, the deciding one gives none. The
    status and the timeline both say the sources disagree (one rule, in one place)."""
    day = datetime.date(2024, 3, 1)
    three = make_claim(programme, occurred_on=day, units_delivered=3)
    two = make_claim(programme, occurred_on=day, units_delivered=2)
    make_claim(programme, occurred_on=day, reported_on=datetime.date(2024, 4, 1))

    status = status_of(programme)
    moments = timeline(StatusClaim.objects.filter(programme=programme)
                       .order_by("occurred_on", "reported_on", "pk")).moments

    assert status.conflicted and moments[0].conflicted
    assert {c.pk for c in status.conflicts} == {three.pk, two.pk}


def test_it_sees_no_disagreement_when_one_claim_only_omits_the_count(programme):
    """Same day, same status, one claim without a delivered count: no conflict anywhere."""
    day = datetime.date(2024, 3, 1)
    make_claim(programme, occurred_on=day, units_delivered=3)
    make_claim(programme, occurred_on=day)
    moments = timeline(StatusClaim.objects.filter(programme=programme)).moments
    assert not status_of(programme).conflicted
    assert not moments[0].conflicted
