"""Helpers for the page tests: a corpus of any size, built through the ORM (not JSON fixtures)."""

import datetime

import pytest
from django.utils import timezone

from procurement.models import (Agreement, Forum, Meeting, Mention, Organisation, Outcome,
                                Platform, Programme, Review, Story)

from ..conftest import make_article, make_claim

BODY_EN = "Talks in Qingdao. Russia will deliver the S-400 squadrons, Belousov said on Thursday."
BODY_HI = "चिंगदाओ में वार्ता। बेलौसोव ने कहा कि एस-४०० की आपूर्ति जारी रहेगी।"


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def squash(html: str) -> str:
    """The page with runs of white space made single spaces, to match text across lines."""
    return " ".join(html.split())


def mention(article, entity, text, *, nth=0, **fields) -> Mention:
    """A mention of the `nth` occurrence of `text` in the article's body."""
    start = -1
    for _ in range(nth + 1):
        start = article.body.index(text, start + 1)
    return Mention.objects.create(article=article, entity=entity, start=start,
                                  end=start + len(text), text=text, **fields)


@pytest.fixture
def make_corpus(india, russia, s400, belousov, programme, outlet):
    """build(n): n of everything each page lists, all about S-400 and Belousov.

    n articles (half Hindi) in one story, each naming both; n confirmed claims on the S-400
    programme quoting them; n SCO meetings with Belousov and an outcome about S-400; n
    agreements on S-400; n more platforms, each with a programme; edits in the history.
    """
    def build(n: int):
        story = Story.objects.create(title="Qingdao talks")
        sco = Forum.objects.create(slug="sco", name="SCO", category=Forum.Category.MULTILATERAL)
        sco.members.add(india, russia)
        maker = Organisation.objects.create(slug="almaz-antey", name="Almaz-Antey", nation=russia)
        s400.maker = maker
        s400.save()
        first = datetime.date(2025, 6, 1)
        for i in range(n):
            day = first + datetime.timedelta(days=i)
            hindi = i % 2
            article = make_article(title=f"Report {i}", body=BODY_HI if hindi else BODY_EN,
                                   hash=f"{i:064d}", outlet=outlet, language="hi" if hindi else "en",
                                   published_on=day, story=story, dateline=f"Qingdao, {day}")
            mention(article, s400, "एस-४००" if hindi else "S-400")
            mention(article, belousov, "बेलौसोव" if hindi else "Belousov")
            quote = "Russia will deliver the S-400 squadrons"
            if not hindi:
                start = BODY_EN.index(quote)
                make_claim(programme, occurred_on=day, reported_on=day, article=article,
                           quote=quote, quote_start=start, quote_end=start + len(quote),
                           units_delivered=3, units_total=5)
            else:
                make_claim(programme, occurred_on=day, source="Ministry of Defence",
                           review=Review.MACHINE if i % 4 == 1 else Review.CONFIRMED)
            meeting = Meeting.objects.create(slug=f"sco-meeting-{i}", name=f"SCO meeting {i}",
                                             parent_forum=sco, starts_on=day, place="Qingdao",
                                             host=russia)
            meeting.participants.add(belousov)
            Outcome.objects.create(meeting=meeting, subject=s400, result=Outcome.Result.DISCUSSED,
                                   note="Supply discussed.", article=article)
            agreement = Agreement.objects.create(
                slug=f"agreement-{i}", name=f"Agreement {i}", category=Agreement.Category.MOU,
                status=Agreement.Status.SIGNED, signed_on=day, at_meeting=meeting)
            agreement.parties.add(india, russia)
            agreement.platforms.add(s400)
            programme.agreements.add(agreement)
            other = Platform.objects.create(slug=f"system-{i}", name=f"System {i}", origin=russia,
                                            maker=maker)
            line = Programme.objects.create(slug=f"india-system-{i}", buyer=india,
                                            supplier=russia, platform=other,
                                            kind=Programme.Kind.PURCHASE, units_ordered=10)
            make_claim(line, occurred_on=day)
        programme.units_ordered = 5
        programme.save()
        return story

    return build


@pytest.fixture
def today():
    return timezone.localdate()
