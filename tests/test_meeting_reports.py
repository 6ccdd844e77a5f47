"""Articles are linked to the meetings they name or describe, as suggestions editors review."""

import datetime
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from procurement import services
from procurement.models import Article, Forum, Meeting, MeetingReport, Mention, Place, Review
from procurement.services.ingest import article_ingest
from procurement.services.meetings import (DAYS_AFTER, meeting_report_backfill,
                                           meeting_report_review, meeting_report_suggest)
from procurement.services.records import REVIEW_UNKNOWN

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo"

DESCRIBING = ("QINGDAO, June 27 — Defence ministers of the SCO met on the Chinese coast this "
              "week. Belousov spoke about air defence cooperation in Qingdao.")
NAMING = "The SCO Defence Ministers' Meeting closed without a joint statement."


@pytest.fixture
def sco(db):
    forum = Forum.objects.create(slug="sco", name="Shanghai Cooperation Organisation",
                                 category=Forum.Category.MULTILATERAL)
    services.alias_create(entity=forum, text="SCO", kind="abbreviation")
    return forum


@pytest.fixture
def qingdao_meeting(sco, belousov):
    services.alias_create(entity=belousov, text="Belousov", kind="surname")
    meeting = Meeting.objects.create(slug="sco-defence-ministers-meeting-2025",
                                     name="SCO Defence Ministers' Meeting 2025", parent_forum=sco,
                                     starts_on=datetime.date(2025, 6, 25),
                                     ends_on=datetime.date(2025, 6, 26), place="Qingdao, Shandong")
    meeting.participants.set([belousov])
    services.alias_create(entity=meeting, text="SCO Defence Ministers' Meeting")
    return meeting


def ingest(body, published_on="2025-06-27", **fields):
    return article_ingest(body=body, published_on=published_on, **fields).article


def test_it_links_an_article_that_names_the_meeting(qingdao_meeting):
    """An article using one of the meeting's names is linked to it as 'named', date or not."""
    article = ingest(NAMING, published_on=None)

    report = MeetingReport.objects.get(article=article)
    assert report.meeting_id == qingdao_meeting.pk
    assert report.reason == MeetingReport.Reason.NAMED
    assert report.review == Review.MACHINE
    assert article.body[report.evidence_start:report.evidence_end] == \
        "SCO Defence Ministers' Meeting"


def test_it_suggests_an_article_that_describes_the_meeting_within_its_window(qingdao_meeting):
    """Forum + participant + place, published the day after the meeting: 'described'."""
    article = ingest(DESCRIBING)

    report = MeetingReport.objects.get(article=article, meeting=qingdao_meeting)
    assert report.reason == MeetingReport.Reason.DESCRIBED
    assert "forum: SCO" in report.evidence and "Belousov" in report.evidence
    assert "place: Qingdao" in report.evidence
    assert article.body[report.evidence_start:report.evidence_end] == "SCO"


def test_it_suggests_up_to_the_last_day_of_the_window_and_not_after(qingdao_meeting):
    """The window ends DAYS_AFTER days after the meeting's last day."""
    last = qingdao_meeting.ends_on + datetime.timedelta(days=DAYS_AFTER)
    inside = ingest(DESCRIBING, published_on=last.isoformat())
    outside = ingest(DESCRIBING + " A late report.", url="https://example.org/late",
                     published_on=(last + datetime.timedelta(days=1)).isoformat())

    assert MeetingReport.objects.filter(article=inside).count() == 1
    assert not MeetingReport.objects.filter(article=outside).exists()


def test_it_does_not_suggest_the_same_article_dated_a_year_later(qingdao_meeting):
    """Forum, participant and place are not enough outside the meeting's window."""
    article = ingest(DESCRIBING, published_on="2026-06-27")

    assert not MeetingReport.objects.filter(article=article).exists()


def test_it_does_not_suggest_an_article_naming_the_forum_without_the_place(qingdao_meeting):
    """The forum and a participant in the window, but no place: no link."""
    article = ingest("The SCO ministers heard Belousov on air defence.")

    assert not MeetingReport.objects.filter(article=article).exists()


def test_it_does_not_suggest_an_undated_article(qingdao_meeting):
    """Without a date (none given, no dateline) an article cannot be placed in the window."""
    article = ingest("The SCO ministers met in Qingdao; Belousov spoke.", published_on=None)

    assert article.published_on is None
    assert not MeetingReport.objects.filter(article=article).exists()


def test_it_places_the_meeting_by_its_place_entry_in_any_script(qingdao_meeting, sco):
    """A mention of the meeting's place entry (here its Hindi name) places the meeting."""
    qingdao = Place.objects.create(slug="qingdao", name="Qingdao")
    services.alias_create(entity=qingdao, text="चिंगदाओ", language="hi")
    services.alias_create(entity=sco, text="एससीओ", language="hi")
    qingdao_meeting.location = qingdao
    qingdao_meeting.save()

    article = ingest("चिंगदाओ में एससीओ रक्षा मंत्रियों की बैठक में बेलौसोव ने भाग लिया।")

    report = MeetingReport.objects.get(article=article)
    assert report.reason == MeetingReport.Reason.DESCRIBED
    assert "place: चिंगदाओ" in report.evidence


def test_it_needs_two_participants_of_a_meeting_without_a_forum(belousov, india):
    """A bilateral meeting is described by both sides, not by one minister alone."""
    singh = belousov.__class__.objects.create(slug="rajnath-singh", name="Rajnath Singh",
                                              nation=india)
    services.alias_create(entity=singh, text="Rajnath Singh")
    services.alias_create(entity=belousov, text="Belousov", kind="surname")
    talks = Meeting.objects.create(slug="singh-belousov-qingdao-2025", name="Singh–Belousov talks",
                                   starts_on=datetime.date(2025, 6, 26), place="Qingdao")
    talks.participants.set([belousov, singh])

    alone = ingest("Belousov spoke in Qingdao on air defence.")
    both = ingest("Rajnath Singh met Belousov in Qingdao.")

    assert not MeetingReport.objects.filter(article=alone).exists()
    assert MeetingReport.objects.get(article=both).meeting_id == talks.pk


def test_it_refuses_a_second_link_between_the_same_article_and_meeting(qingdao_meeting):
    """One link per (article, meeting): the database refuses a duplicate."""
    article = ingest(NAMING)

    with pytest.raises(IntegrityError):
        MeetingReport.objects.create(article=article, meeting=qingdao_meeting,
                                     reason=MeetingReport.Reason.DESCRIBED)


def test_it_confirms_and_rejects_a_link_through_the_service(qingdao_meeting, editor):
    """Reviewing stamps the editor and the time; sending back clears them; nonsense is refused."""
    report = MeetingReport.objects.get(article=ingest(DESCRIBING))

    meeting_report_review(report=report, review=Review.CONFIRMED, editor=editor)
    report.refresh_from_db()
    assert (report.review, report.reviewed_by) == (Review.CONFIRMED, editor)
    assert report.reviewed_at is not None
    assert report.history.count() == 1  # the editor's change is on record

    meeting_report_review(report=report, review=Review.REJECTED, editor=editor)
    report.refresh_from_db()
    assert report.review == Review.REJECTED

    with pytest.raises(ValidationError) as error:
        meeting_report_review(report=report, review="maybe", editor=editor)
    assert error.value.message_dict == {"review": [REVIEW_UNKNOWN]}
    report.refresh_from_db()
    assert report.review == Review.REJECTED


def test_it_never_suggests_a_rejected_link_again(qingdao_meeting, editor):
    """Linking again (the backfill) leaves an editor's rejection as it is."""
    article = ingest(DESCRIBING)
    report = MeetingReport.objects.get(article=article)
    meeting_report_review(report=report, review=Review.REJECTED, editor=editor)

    assert meeting_report_backfill() == (1, 0)
    assert meeting_report_suggest(article=article) == 1  # found again, and left as it was

    report.refresh_from_db()
    assert report.review == Review.REJECTED
    assert MeetingReport.objects.count() == 1


def test_it_links_articles_stored_before_meetings_existed(sco, belousov):
    """The backfill reads stored mentions and links them to meetings added later."""
    services.alias_create(entity=belousov, text="Belousov", kind="surname")
    article = ingest(DESCRIBING)
    assert not MeetingReport.objects.exists()
    meeting = Meeting.objects.create(slug="sco-2025", name="SCO 2025", parent_forum=sco,
                                     starts_on=datetime.date(2025, 6, 25), place="Qingdao")

    call_command("link_meetings", stdout=open("/dev/null", "w"))

    report = MeetingReport.objects.get()
    assert (report.article, report.meeting) == (article, meeting)
    Mention.objects.filter(article=article).update(review=Review.REJECTED)
    MeetingReport.objects.all().delete()
    assert meeting_report_backfill() == (1, 0)  # rejected mentions are no evidence


def test_it_confirms_and_rejects_from_the_admin_queue(client, qingdao_meeting, editor):
    """Editors confirm and reject links with the queue's actions; nobody adds links by hand."""
    client.force_login(editor)
    named, described = ingest(NAMING), ingest(DESCRIBING)
    url = "/admin/procurement/meetingreport/"

    response = client.post(url, {"action": "confirm", "_selected_action": [
        MeetingReport.objects.get(article=named).pk]})
    assert response.status_code == 302
    response = client.post(url, {"action": "reject", "_selected_action": [
        MeetingReport.objects.get(article=described).pk]})
    assert response.status_code == 302

    confirmed = MeetingReport.objects.get(article=named)
    assert (confirmed.review, confirmed.reviewed_by) == (Review.CONFIRMED, editor)
    assert MeetingReport.objects.get(article=described).review == Review.REJECTED
    assert client.get(url).status_code == 200
    assert client.get(f"{url}{confirmed.pk}/change/").status_code == 200
    assert client.get(f"{url}add/").status_code == 403


def test_it_lists_reports_on_the_meeting_page_confirmed_first_suggestions_marked(
        client, qingdao_meeting, editor):
    """Confirmed reports first, suggestions marked 'suggested', rejected ones hidden."""
    named = ingest(NAMING, published_on="2025-06-25", title="Named report")
    described = ingest(DESCRIBING, title="Described report")
    hidden = ingest(DESCRIBING + " Reprinted.", url="https://example.org/reprint",
                    title="Rejected reprint")
    meeting_report_review(report=MeetingReport.objects.get(article=named),
                          review=Review.CONFIRMED, editor=editor)
    meeting_report_review(report=MeetingReport.objects.get(article=hidden),
                          review=Review.REJECTED, editor=editor)

    response = client.get(qingdao_meeting.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "Articles that report it" in html
    assert html.index(named.title) < html.index(described.title)  # confirmed first
    assert html.count('class="suggested"') == 1
    assert hidden.title not in html
    assert f"?meeting={qingdao_meeting.slug}" in html

    response = client.get(f"/articles/?meeting={qingdao_meeting.slug}")
    assert response.status_code == 200
    listed = response.content.decode()
    assert named.title in listed and described.title in listed
    assert hidden.title not in listed


@pytest.mark.parametrize("rows", [1, 30])
def test_it_draws_the_meeting_page_in_a_fixed_number_of_queries(
        client, qingdao_meeting, rows, django_assert_max_num_queries):
    """The meeting page costs the same with one report as with thirty."""
    for n in range(rows):
        ingest(f"{DESCRIBING} Report {n}.", url=f"https://example.org/{n}")

    # The meeting and its aliases, participants, outcomes, agreements; the reports' count,
    # page and mentions; the chart.
    with django_assert_max_num_queries(9):
        response = client.get(qingdao_meeting.get_absolute_url())
    assert response.status_code == 200
    assert MeetingReport.objects.count() == rows


def test_it_lists_reports_in_the_meeting_api_and_filters_articles_by_meeting(
        client, analyst, qingdao_meeting, editor):
    """The meeting's API record lists its reports; ?meeting= filters articles; rejected hidden."""
    client.force_login(analyst)
    named, described = ingest(NAMING), ingest(DESCRIBING)
    other = ingest("Nothing about meetings here.", url="https://example.org/other")
    meeting_report_review(report=MeetingReport.objects.get(article=named),
                          review=Review.REJECTED, editor=editor)

    response = client.get(f"/api/v1/meetings/{qingdao_meeting.slug}/")
    assert response.status_code == 200
    reports = response.json()["reports"]
    assert [(r["article"], r["reason"], r["review"]) for r in reports] == [
        (described.pk, "described", "machine")]

    response = client.get(f"/api/v1/articles/?meeting={qingdao_meeting.slug}")
    assert response.status_code == 200
    assert [a["id"] for a in response.json()["results"]] == [described.pk]
    assert other.pk != described.pk

    assert client.get("/api/v1/articles/?meeting=no-such-meeting").status_code == 400


def test_it_links_the_demo_articles_to_the_reference_meetings(db):
    """After loading the reference data and the demo articles, most meetings have reports."""
    call_command("load_reference", stdout=open("/dev/null", "w"))
    for path in sorted(DEMO.glob("*.json")):
        article_ingest(**json.loads(path.read_text()))

    linked = set(MeetingReport.objects.values_list("meeting__slug", flat=True))
    assert {"sco-defence-ministers-meeting-2025", "singh-belousov-qingdao-2025",
            "india-russia-annual-summit-2025", "jaishankar-lavrov-moscow-2025"} <= linked
    assert Article.objects.count() == len(list(DEMO.glob("*.json")))


def test_it_links_an_ingested_article_in_two_queries_however_many_meetings(qingdao_meeting,
                                                                            sco, belousov):
    """Linking costs ingestion one read of the meetings around the date and one insert."""
    for n in range(20):
        other = Meeting.objects.create(slug=f"sco-side-meeting-{n}", name=f"Side meeting {n}",
                                       parent_forum=sco, starts_on=datetime.date(2025, 6, 26),
                                       place="Qingdao")
        other.participants.set([belousov])
    article_ingest(body="Warm-up: the alias table is read once.")

    with CaptureQueriesContext(connection) as queries:
        article = ingest(DESCRIBING)

    assert MeetingReport.objects.filter(article=article).count() == 21
    linking = [q["sql"] for q in queries.captured_queries
               if "procurement_meeting" in q["sql"] and "procurement_mention" not in q["sql"]]
    assert len(linking) == 2, linking
