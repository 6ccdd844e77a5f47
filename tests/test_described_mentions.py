"""Meetings and agreements an article describes ("the 2018 deal") become machine mentions."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procurement import services
from procurement.matching import current_automaton
from procurement.models import Entity, MeetingReport, Mention, Review
from procurement.services.ingest import article_ingest, article_reextract


@pytest.fixture
def reference(db):
    call_command("load_reference", stdout=io.StringIO())


def ingest(body, published_on=None, **fields):
    return article_ingest(body=body, published_on=published_on, **fields).article


def described(article, slug):
    """The article's mentions of `slug` found from a description (no alias matched)."""
    return list(Mention.objects.filter(article=article, entity__slug=slug, alias__isnull=True))


def phrase(article, mention):
    return article.body[mention.start:mention.end]


def test_it_mentions_the_sco_meeting_an_article_describes_with_forum_and_place(reference):
    """Forum, place and a date in the meeting's window: the phrase is a mention of it."""
    article = ingest("Rajnath Singh spoke at the SCO meeting of defence ministers in Qingdao "
                     "on Thursday.", published_on="2025-06-27")

    [mention] = described(article, "sco-defence-ministers-meeting-2025")
    assert phrase(article, mention) == "SCO meeting of defence ministers in Qingdao"
    assert mention.text == "SCO meeting of defence ministers in Qingdao"
    assert mention.review == Review.MACHINE


def test_it_adds_nothing_where_the_meeting_is_already_named(reference):
    """"SCO defence ministers' meeting" is a name of it: one mention, the alias match."""
    article = ingest("India stated its position at the SCO defence ministers' meeting in "
                     "Qingdao this week.", published_on="2025-06-27")

    mentions = Mention.objects.filter(article=article,
                                      entity__slug="sco-defence-ministers-meeting-2025")
    assert [phrase(article, m) for m in mentions] == ["SCO defence ministers' meeting"]
    assert mentions.get().alias_id is not None


def test_it_mentions_the_s400_contract_for_the_2018_deal_in_an_s400_article(reference):
    """"the 2018 deal" where the S-400 is named: the S-400 contract signed in 2018."""
    article = ingest("The last two S-400 squadrons are due under the 2018 deal, an official "
                     "said.", published_on="2025-11-20")

    [mention] = described(article, "s-400-contract-2018")
    assert phrase(article, mention) == "2018 deal"
    assert mention.entity.kind == Entity.Kind.AGREEMENT


def test_it_mentions_the_annual_summit_nearest_the_article_date(reference):
    """"the annual summit" in December 2025: the 23rd summit, and the article reports it."""
    article = ingest("Officials in New Delhi expect the annual summit to take up spare parts "
                     "for Russian equipment.", published_on="2025-12-03")

    [mention] = described(article, "india-russia-annual-summit-2025")
    assert phrase(article, mention) == "annual summit"
    report = MeetingReport.objects.get(article=article)
    assert report.meeting.slug == "india-russia-annual-summit-2025"
    assert report.reason == MeetingReport.Reason.DESCRIBED
    assert report.evidence == "described: annual summit"
    assert article.body[report.evidence_start:report.evidence_end] == "annual summit"


def test_it_reads_hindi_descriptions(reference):
    """Hindi puts the place and the forum before the noun: "चिंगदाओ में एससीओ … की बैठक"."""
    meeting = ingest("चिंगदाओ में एससीओ के रक्षा मंत्रियों की बैठक में राजनाथ सिंह ने भाग लिया।",
                     published_on="2025-06-26")
    deal = ingest("अधिकारी ने कहा कि 2018 में हुए सौदे के तहत एस-400 की बाकी खेप अगले साल आएगी।",
                  published_on="2025-11-20")
    summit = ingest("दिसंबर में नई दिल्ली में हुए वार्षिक शिखर सम्मेलन में रक्षा सहयोग पर बात हुई।",
                    published_on="2025-12-06")

    [m] = described(meeting, "sco-defence-ministers-meeting-2025")
    assert phrase(meeting, m) == "चिंगदाओ में एससीओ के रक्षा मंत्रियों की बैठक"
    [d] = described(deal, "s-400-contract-2018")
    assert phrase(deal, d) == "2018 में हुए सौदे"
    [s] = described(summit, "india-russia-annual-summit-2025")
    assert phrase(summit, s) == "दिसंबर में नई दिल्ली में हुए वार्षिक शिखर सम्मेलन"


def test_it_mentions_the_communique_of_the_meeting_the_article_is_dated_by(reference):
    """"the joint communique" alone: the communique of the meeting in whose window it is."""
    article = ingest("India declined to sign the joint communique at the end of the talks.",
                     published_on="2025-06-27")

    [mention] = described(article, "sco-defence-communique-2025")
    assert phrase(article, mention) == "joint communique"


@pytest.mark.parametrize("body, slug", [
    # "talks" are two sides' talks, not the forum's meeting in the same city that week.
    ("The Qingdao talks went on for over an hour, officials said.",
     "singh-belousov-qingdao-2025"),
    ("A bilateral meeting in Qingdao followed the main session.", "singh-belousov-qingdao-2025"),
    # Ministers in the plural meet at the forum's meeting.
    ("The ministers' meeting in Qingdao ended without a common text.",
     "sco-defence-ministers-meeting-2025"),
    # A plain "meeting" where the forum met and two members talked on the side: the forum's.
    ("Observers said the Qingdao meeting was tense from the start.",
     "sco-defence-ministers-meeting-2025"),
])
def test_it_tells_a_forum_meeting_from_talks_on_its_sidelines_by_the_noun(reference, body,
                                                                         slug):
    article = ingest(body, published_on="2025-06-27")

    assert [m.entity.slug for m in Mention.objects.filter(
        article=article, alias__isnull=True, entity__kind=Entity.Kind.MEETING)] == [slug]


def test_it_tells_two_talks_apart_by_a_person_named_in_the_sentence(reference):
    """Two sets of talks in Moscow that day; the sentence names one side of only one."""
    article = ingest("Shoigu later said the talks in Moscow had been frank.",
                     published_on="2023-10-26")

    assert [m.entity.slug for m in described_all(article)] == [
        "shoigu-zhang-youxia-moscow-2023"]


def test_it_tells_two_talks_apart_by_a_person_named_elsewhere_in_the_article(reference):
    """No one in the sentence: the people the article names decide."""
    article = ingest("Vladimir Putin received the Chinese general at the Kremlin. Both sides "
                     "called the talks in Moscow useful.", published_on="2023-10-26")

    assert [m.entity.slug for m in described_all(article)] == [
        "putin-zhang-youxia-moscow-2023"]


def test_it_reads_a_hindi_meeting_with_a_person(reference):
    """"X की Y से मुलाकात": the meeting of those two."""
    article = ingest("झांग यूशिया की पुतिन से मुलाकात मॉस्को में हुई।", published_on="2023-10-26")

    [mention] = described_all(article)
    assert mention.entity.slug == "putin-zhang-youxia-moscow-2023"
    assert "पुतिन से मुलाकात" in phrase(article, mention)


def test_it_places_an_annual_summit_by_date_when_the_article_names_nothing_else(reference):
    """"the annual summit", no host or place named: the one summit in the date's window."""
    article = ingest("The annual summit is expected to cover spare parts.",
                     published_on="2025-12-10")

    assert [m.entity.slug for m in described_all(article)] == [
        "india-russia-annual-summit-2025"]


def described_all(article):
    return list(Mention.objects.filter(article=article, alias__isnull=True)
                .select_related("entity").order_by("start"))


@pytest.mark.parametrize("body, published_on", [
    # Two sets of talks in Moscow on the same day, nothing to tell them apart: no guess.
    ("Both sides took part in the talks in Moscow.", "2023-10-26"),
    # No date: the window cannot be placed.
    ("Officials prepared for the SCO meeting in Qingdao.", None),
    # The next one is not the one on record.
    ("New Delhi is preparing for the next annual summit with Russia.", "2025-12-03"),
    # A year alone names no meeting; a deal without year, platform or value no agreement.
    ("Ministers recalled the 2018 meeting in their statements.", "2025-06-27"),
    ("India and Russia discussed the deal again.", "2025-11-20"),
    # "the 2018 deal" in an article naming no platform of the 2018 contract.
    ("Officials recalled the 2018 deal with Russia.", "2025-11-20"),
    # Outside the window of every meeting.
    ("Officials recalled the SCO meeting in Qingdao.", "2025-09-01"),
])
def test_it_mentions_nothing_for_an_ambiguous_or_unresolvable_description(reference, body,
                                                                         published_on):
    """Precision first: no meeting or agreement unless exactly one fits."""
    article = ingest(body, published_on=published_on)

    assert not Mention.objects.filter(article=article, alias__isnull=True).exists()


def test_it_keeps_a_described_mention_when_matching_again(reference):
    """Re-extraction finds the description again: the machine mention is neither removed nor
    doubled."""
    article = ingest("Rajnath Singh spoke at the SCO meeting of defence ministers in Qingdao.",
                     published_on="2025-06-27")

    result = article_reextract(article=article, automaton=current_automaton())

    assert (result.added, result.removed) == (0, 0)
    assert len(described(article, "sco-defence-ministers-meeting-2025")) == 1


def test_it_never_brings_back_a_described_mention_an_editor_rejected(reference):
    """A rejected described mention stays rejected, and nothing replaces it on re-extraction."""
    editor = User.objects.create_user("editor", is_staff=True)
    article = ingest("The last two S-400 squadrons are due under the 2018 deal.",
                     published_on="2025-11-20")
    [mention] = described(article, "s-400-contract-2018")
    services.mention_review(mention=mention, review=Review.REJECTED, editor=editor)

    result = article_reextract(article=article, automaton=current_automaton())

    assert result.added == 0
    mention.refresh_from_db()
    assert mention.review == Review.REJECTED
    assert Mention.objects.filter(article=article, entity__slug="s-400-contract-2018").count() == 1


def test_it_removes_a_described_mention_whose_description_no_longer_resolves(reference):
    """A machine mention from a description that no longer fits is stale, like an alias's."""
    article = ingest("The last two S-400 squadrons are due under the 2018 deal.",
                     published_on="2025-11-20")
    Mention.objects.filter(article=article, entity__slug="s-400").delete()
    Entity.objects.get(slug="s-400").aliases.all().delete()

    result = article_reextract(article=article, automaton=current_automaton())

    assert result.removed == 1
    assert described(article, "s-400-contract-2018") == []


def test_it_costs_ingestion_at_most_three_queries_however_many_descriptions(
        reference, django_assert_max_num_queries):
    """One read of meetings, one of agreements and one insert, only when a phrase is found."""
    ingest("Warm-up: the alias table is read once.")
    with CaptureQueriesContext(connection) as plain:  # a claim and a report, no description
        ingest("Defence ministers of the SCO met in Qingdao; one more S-400 squadron was "
               "delivered.", published_on="2025-06-27")
    body = " ".join([
        "Rajnath Singh spoke at the SCO meeting of defence ministers in Qingdao.",
        "India declined to sign the joint communique.",
        "The S-400 deal and the 2018 deal were recalled, as was the $5.43 billion contract.",
        "Both ministers were at the talks in Qingdao, after the SCO summit in Qingdao.",
    ])

    with django_assert_max_num_queries(len(plain.captured_queries) + 3):
        article = ingest(body, published_on="2025-06-27")

    assert len(described(article, "sco-defence-ministers-meeting-2025")) == 2
    assert len(described(article, "s-400-contract-2018")) == 3
    assert len(described(article, "sco-defence-communique-2025")) == 1
