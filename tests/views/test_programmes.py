"""A programme's page: status with who says so and since when, the timeline, the evidence."""

import datetime

from django.test import Client

from procurement.models import Agreement, Meeting, Outcome, Review

from ..conftest import make_article, make_claim
from .conftest import page


def test_it_shows_a_programme_with_its_claims(client, programme):
    """The programme page shows claims with their sources, attribution and confidence."""
    make_claim(programme, source="Ministry of Defence press release", quote="Supply discussed.",
               attribution="official", confidence="high")
    html = page(client.get(programme.get_absolute_url()))
    assert "Supply discussed." in html and "Ministry of Defence press release" in html
    assert "official statement" in html and "high" in html


def test_it_says_where_it_stands_who_says_so_and_since_when(client, programme):
    """The status line names the latest confirmed claim's source and date."""
    make_claim(programme, status="contracted", occurred_on=datetime.date(2018, 10, 5))
    make_claim(programme, status="in_delivery", occurred_on=datetime.date(2021, 12, 1),
               occurred_precision="month", source="Russian officials")
    html = page(client.get(programme.get_absolute_url()))
    assert "since" in html and "December 2021" in html
    assert "Who says so: Russian officials" in html


def test_it_highlights_the_quote_inside_its_sentence(client, programme, outlet):
    """A claim quoting an article shows the sentence around the quote, the quote marked."""
    article = make_article(outlet=outlet, body="First sentence. Two squadrons are still due. Last.")
    quote = "Two squadrons are still due"
    start = article.body.index(quote)
    make_claim(programme, article=article, quote=quote, quote_start=start,
               quote_end=start + len(quote))
    html = page(client.get(programme.get_absolute_url()))
    assert f"<mark>{quote}</mark>." in html and "Demo Desk" in html
    assert "First sentence" not in html.split("<mark>")[1][:200]


def test_it_puts_conflicting_claims_side_by_side(client, programme):
    """Claims of the same date that disagree sit in one row, marked as a conflict."""
    make_claim(programme, status="in_delivery", occurred_on=datetime.date(2025, 6, 1), source="A")
    make_claim(programme, status="stalled", occurred_on=datetime.date(2025, 6, 1), source="B")
    html = page(client.get(programme.get_absolute_url()))
    row = html.split('class="moment conflicted"')[1].split("</li>")[0]
    assert 'class="side-by-side"' in row and "in delivery" in row and "stalled" in row


def test_it_lists_unreviewed_claims_apart(client, programme):
    """Machine-found claims are shown as awaiting review; rejected ones not at all."""
    make_claim(programme, review=Review.MACHINE, source="Suggested source")
    make_claim(programme, review=Review.REJECTED, source="Rejected source")
    html = page(client.get(programme.get_absolute_url()))
    assert "1 suggested claim awaiting review" in html and "Suggested source" in html
    assert "Rejected source" not in html


def test_it_previews_a_long_review_queue_with_the_newest_claims_and_a_link_to_all(
        editor_client, programme):
    """Twelve claims await: the total is said, the newest ten listed, the rest linked (the
    API list for readers, the admin queue for editors); the platform's page does the same."""
    for day in range(1, 13):
        make_claim(programme, review=Review.MACHINE, source=f"Source of day {day:02}",
                   reported_on=datetime.date(2025, 3, day))
    reader = Client()  # editor_client signs in the test's own client
    html = page(reader.get(programme.get_absolute_url()))
    assert "12 suggested claims awaiting review" in html
    assert "Source of day 12" in html and "Source of day 03" in html
    assert "Source of day 02" not in html and "Source of day 01" not in html
    assert f"/api/v1/claims/?programme={programme.slug}&amp;review=machine" in html
    system = page(reader.get(programme.platform.get_absolute_url()))
    assert "12 suggested claims awaiting review" in system and "Source of day 02" not in system
    editor = page(editor_client.get(programme.get_absolute_url()))
    queue = f"/admin/procurement/statusclaim/?programme__id__exact={programme.pk}&amp;review__exact=machine"
    assert queue in editor
    response = editor_client.get(queue.replace("&amp;", "&"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 12


def test_it_shows_agreements_and_meeting_outcomes(client, programme, india, russia, s400):
    """Linked agreements and what meetings decided about the system are on the page."""
    meeting = Meeting.objects.create(slug="summit-2018", name="Summit 2018",
                                     starts_on=datetime.date(2018, 10, 4))
    contract = Agreement.objects.create(slug="contract", name="S-400 contract",
                                        category="contract", status="in_force", at_meeting=meeting)
    programme.agreements.add(contract)
    Outcome.objects.create(meeting=meeting, subject=contract, result="signed", note="Signed.")
    html = page(client.get(programme.get_absolute_url()))
    assert "S-400 contract" in html and "Summit 2018" in html and "signed" in html


def test_it_lists_programmes_with_filters_and_csv(client, programme, india, russia):
    """/programmes/ takes ProgrammeFilter's filters and exports the same rows as CSV."""
    make_claim(programme, status="in_delivery", units_delivered=3)
    assert "India – S-400 Triumf purchase" in page(client.get("/programmes/?status=in_delivery"))
    assert "No programmes yet." in page(client.get("/programmes/?status=delivered"))
    response = client.get("/programmes/?buyer=india&format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.getvalue().decode("utf-8-sig").splitlines()
    assert lines[0].startswith("slug,buyer,supplier") and len(lines) == 2
    assert "india-s-400-purchase,India,Russia,S-400 Triumf,purchase,in_delivery,3,5" in lines[1]


def test_it_answers_404_for_an_unknown_programme(client, db):
    """An unknown programme slug is not found."""
    assert client.get("/programmes/nope/").status_code == 404


def test_it_draws_a_long_timeline_a_stretch_of_dates_at_a_time(client, programme, monkeypatch):
    """A programme followed for years: page 1 draws the latest dates and links the earlier
    ones; the last page draws the oldest and links back; the status still reads every claim."""
    monkeypatch.setattr("procurement.views.programmes.PROGRAMME_MOMENTS", 5)
    for month in range(1, 13):
        make_claim(programme, occurred_on=datetime.date(2024, month, 1),
                   source=f"Source of month {month:02}", units_delivered=month)
    head = lambda html: html.split('class="status')[1].split('<h2 id="timeline-h">')[0]  # noqa: E731
    drawn = lambda html: html.split('<h2 id="timeline-h">')[1]  # noqa: E731

    first = page(client.get(programme.get_absolute_url()))
    assert "Source of month 12" in drawn(first) and "Source of month 08" in drawn(first)
    assert "Source of month 07" not in drawn(first)
    assert '<a href="?page=2" rel="next">7 earlier dates</a>' in first
    assert "later date" not in first

    last = page(client.get(programme.get_absolute_url() + "?page=3"))
    assert "Source of month 01" in drawn(last) and "Source of month 02" in drawn(last)
    assert "Source of month 03" not in drawn(last) and "earlier date" not in last
    assert '<a href="?page=2" rel="prev">10 later dates</a>' in last
    # Every page states the status derived from all twelve claims, the latest one's source.
    assert head(last) == head(first) and "Source of month 12" in head(last)

    beyond = page(client.get(programme.get_absolute_url() + "?page=99"))
    assert "Source of month 01" in drawn(beyond) and "Source of month 12" not in drawn(beyond)
