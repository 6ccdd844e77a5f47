"""Entity pages (systems, countries, people, organisations, forums, meetings, agreements) and
their lists: what it is, its names, its timeline and evidence, what mentions it."""

import datetime

import pytest

from procurement.models import Agreement, Forum, Meeting, Organisation, Outcome, Platform, Review

from ..conftest import make_article, make_claim
from .conftest import mention, page, squash


def test_it_shows_an_entity_with_its_names_and_articles(client, s400, article):
    """The platform page lists aliases in every script and the articles naming it."""
    mention(article, s400, "S-400")
    html = page(client.get("/systems/s-400/"))
    assert "एस-400" in html and "С-400" in html and article.title in html
    assert 'lang="hi"' in html or "Devanagari" in html


def test_it_marks_the_sentence_around_each_mention(client, s400, outlet):
    """Each article in the list shows the sentence with the mention highlighted."""
    article = make_article(outlet=outlet, body="Intro line.\nIndia awaits two S-400 squadrons. More.")
    mention(article, s400, "S-400")
    html = page(client.get("/systems/s-400/"))
    assert "India awaits two <mark>S-400</mark> squadrons." in html
    assert "Intro line" not in html


def test_it_hides_rejected_mentions(client, s400, article):
    """An article whose only mention editors rejected is not listed."""
    mention(article, s400, "S-400", review=Review.REJECTED)
    assert "No articles mention it yet." in page(client.get("/systems/s-400/"))


def test_it_pages_the_articles_newest_first(client, s400, outlet):
    """Ten articles a page, newest first; ?page=2 gives the older ones."""
    for day in range(1, 13):
        a = make_article(title=f"Report of June {day}", outlet=outlet, hash=f"{day:064d}",
                         published_on=datetime.date(2025, 6, day))
        mention(a, s400, "S-400")
    first = page(client.get("/systems/s-400/"))
    assert first.index("Report of June 12") < first.index("Report of June 3")
    assert "Report of June 2<" not in first and "Page 1 of 2" in first
    second = page(client.get("/systems/s-400/?page=2"))
    assert "Report of June 2<" in second and "Report of June 1<" in second
    assert "Report of June 12" not in second


def test_it_shows_each_programme_timeline_on_the_system_page(client, programme):
    """The system page carries each programme's status and dated claims."""
    make_claim(programme, status="contracted", occurred_on=datetime.date(2018, 10, 5),
               source="Contract signed")
    make_claim(programme, status="in_delivery", occurred_on=datetime.date(2021, 12, 1),
               units_delivered=2, source="First deliveries")
    html = squash(page(client.get("/systems/s-400/")))
    assert html.index("Contract signed") < html.index("First deliveries")
    assert "2 of 5 squadrons" in html and "in delivery" in html


def test_it_shows_the_latest_dates_of_a_long_timeline_on_the_system_page(client, programme):
    """Twelve dated claims: the system's page draws the latest ten and links the programme's
    page for the two before; the programme's page draws all twelve."""
    for month in range(1, 13):
        make_claim(programme, occurred_on=datetime.date(2024, month, 1),
                   source=f"Source of month {month:02}")
    system = squash(page(client.get("/systems/s-400/")))
    assert "Source of month 03" in system and "Source of month 12" in system
    assert "Source of month 02" not in system and "Source of month 01" not in system
    assert "2 earlier dates on the programme's page" in system
    assert programme.get_absolute_url() in system
    full = squash(page(client.get(programme.get_absolute_url())))
    assert "Source of month 01" in full and "earlier dates" not in full


def test_it_shows_meetings_where_the_system_came_up(client, s400):
    """Outcomes about the system appear with their meeting, result and note."""
    meeting = Meeting.objects.create(slug="qingdao", name="Qingdao talks",
                                     starts_on=datetime.date(2025, 6, 26))
    Outcome.objects.create(meeting=meeting, subject=s400, result="discussed",
                           note="Remaining squadrons discussed.")
    html = page(client.get("/systems/s-400/"))
    assert "Qingdao talks" in html and "Remaining squadrons discussed." in html


def test_it_charts_mentions_over_time(client, s400, outlet):
    """Dated mentions make bars; over more than half a year they are counted by month."""
    for i, day in enumerate([datetime.date(2023, 10, 1), datetime.date(2025, 6, 26)]):
        mention(make_article(outlet=outlet, hash=f"{i:064d}", published_on=day), s400, "S-400")
    html = page(client.get("/systems/s-400/"))
    assert "months" in html and html.count("<rect") == 2


def test_it_shows_what_came_out_of_a_meeting(client, s400, belousov, india):
    """A meeting page: when, where, who, and each outcome with its evidence."""
    forum = Forum.objects.create(slug="sco", name="SCO", category="multilateral")
    meeting = Meeting.objects.create(slug="qingdao-2025", name="Qingdao meeting",
                                     parent_forum=forum, place="Qingdao",
                                     starts_on=datetime.date(2025, 6, 25),
                                     ends_on=datetime.date(2025, 6, 26))
    meeting.participants.add(belousov)
    communique = Agreement.objects.create(slug="communique", name="Joint communiqué",
                                          category="communique", status="not_signed",
                                          at_meeting=meeting)
    Outcome.objects.create(meeting=meeting, subject=communique, result="refused",
                           note="India did not sign.", source="ANI")
    Outcome.objects.create(meeting=meeting, subject=s400, result="discussed")
    html = page(client.get("/meetings/qingdao-2025/"))
    assert "Qingdao meeting" in html and "Andrei Belousov" in html and "SCO" in html
    assert "refused" in html and "India did not sign." in html and "ANI" in html
    assert "Joint communiqué" in html and "S-400 Triumf" in html


@pytest.mark.parametrize("kind", ["countries", "people", "organisations", "forums", "agreements"])
def test_it_serves_every_kind_of_entity(client, kind, india, russia, belousov):
    """Each kind has a page with what it is and what mentions it."""
    entity = {
        "countries": india,
        "people": belousov,
        "organisations": Organisation.objects.create(slug="hal", name="HAL", nation=india),
        "forums": Forum.objects.create(slug="brics", name="BRICS", category="multilateral"),
        "agreements": Agreement.objects.create(slug="pact", name="Pact", category="mou",
                                               status="signed", signed_on=datetime.date(2025, 1, 1),
                                               value=10, currency="USD"),
    }[kind]
    html = page(client.get(f"/{kind}/{entity.slug}/"))
    assert entity.name in html and "Articles that mention it" in html


def test_it_shows_a_person_with_office_country_and_meetings(client, belousov):
    """A person's page: office, country and meetings attended with their outcomes."""
    belousov.office = "Defence Minister of Russia"
    belousov.save()
    meeting = Meeting.objects.create(slug="m", name="Moscow talks", starts_on=datetime.date(2025, 1, 1))
    meeting.participants.add(belousov)
    html = page(client.get("/people/andrei-belousov/"))
    assert "Defence Minister of Russia" in html and "Russia" in html and "Moscow talks" in html


def test_it_shows_a_country_with_its_programmes(client, programme, india):
    """A country's page lists the programmes it buys or supplies, with status."""
    make_claim(programme, status="in_delivery")
    html = page(client.get("/countries/india/"))
    assert "India – S-400 Triumf purchase" in html and "in delivery" in html


def test_it_answers_404_for_unknown_or_misfiled_slugs(client, s400):
    """Unknown slugs and a slug under the wrong kind are not found."""
    assert client.get("/systems/no-such-thing/").status_code == 404
    assert client.get("/people/s-400/").status_code == 404
    assert client.get("/meetings/s-400/").status_code == 404
    assert client.get("/programmes/nope/").status_code == 404
    assert client.get("/articles/999999/").status_code == 404


def test_it_lists_systems_with_filters_and_csv(client, s400, russia):
    """/systems/ filters by name in any script and exports CSV with every alias."""
    Platform.objects.create(slug="t-90", name="T-90", category="armour", origin=russia)
    assert "T-90" not in page(client.get("/systems/?q=एस-४००"))
    assert "S-400 Triumf" in page(client.get("/systems/?q=एस-४००"))
    assert "T-90" in page(client.get("/systems/?category=armour"))
    response = client.get("/systems/?format=csv&q=s400")
    assert response.status_code == 200
    rows = response.getvalue().decode("utf-8-sig").splitlines()
    assert len(rows) == 2 and rows[1].startswith("s-400,S-400 Triumf,air_defence,Russia")
    assert "एस-400" in rows[1]


def test_it_lists_meetings_with_filters_and_csv(client, belousov):
    """/meetings/ takes MeetingFilter's filters (forum, dates, participant) and exports CSV."""
    forum = Forum.objects.create(slug="sco", name="SCO", category="multilateral")
    early = Meeting.objects.create(slug="early", name="Early meeting", starts_on=datetime.date(2023, 1, 1))
    late = Meeting.objects.create(slug="late", name="Late meeting", parent_forum=forum,
                                  starts_on=datetime.date(2025, 6, 25))
    late.participants.add(belousov)
    html = page(client.get("/meetings/?starts_after=2024-01-01"))
    assert "Late meeting" in html and "Early meeting" not in html
    assert "Early meeting" not in page(client.get("/meetings/?forum=sco"))
    assert "Late meeting" in page(client.get("/meetings/?participant=andrei-belousov"))
    rows = client.get("/meetings/?format=csv").getvalue().decode("utf-8-sig").splitlines()
    assert rows[1].startswith("late,Late meeting,SCO,2025-06-25") and len(rows) == 3
    assert early.slug in rows[2]


def test_it_lists_agreements_with_filters(client, india, russia, s400):
    """/agreements/ filters by status, party and system."""
    pact = Agreement.objects.create(slug="pact", name="S-400 pact", category="contract",
                                    status="in_force")
    pact.parties.add(india, russia)
    pact.platforms.add(s400)
    Agreement.objects.create(slug="draft", name="Draft deal", category="framework",
                             status="negotiating")
    html = page(client.get("/agreements/?status=in_force&party=india&platform=s-400"))
    assert "S-400 pact" in html and "Draft deal" not in html
    assert "Draft deal" in page(client.get("/agreements/"))


def test_it_lists_people_and_other_kinds_with_their_filtersets(client, belousov, india):
    """The other kinds' lists take their API FilterSets: any alias, country, category."""
    assert "Andrei Belousov" in page(client.get("/people/?q=बेलौसोव"))
    assert "Andrei Belousov" not in page(client.get("/people/?q=shoigu"))
    assert "Andrei Belousov" in page(client.get("/people/?country=russia"))
    assert "Andrei Belousov" not in page(client.get("/people/?country=india"))
    Forum.objects.create(slug="brics", name="BRICS", category="multilateral").members.add(india)
    html = page(client.get("/forums/?member=india&category=multilateral"))
    assert "BRICS" in html and '<label for="id_member">' in html
    assert "India" in page(client.get("/countries/"))


def test_it_pages_lists(client, russia):
    """Lists show 25 rows a page and keep their filters in the page links."""
    for i in range(30):
        Platform.objects.create(slug=f"s-{i:02d}", name=f"System {i:02d}", category="missile")
    html = page(client.get("/systems/?category=missile"))
    assert "System 24" in html and "System 25" not in html
    assert "?category=missile&amp;page=2" in html
    assert "System 29" in page(client.get("/systems/?category=missile&page=2"))


@pytest.mark.parametrize("url", ["/people/", "/systems/", "/agreements/", "/meetings/",
                                 "/programmes/"])
def test_it_offers_to_clear_filters_only_when_one_is_set(client, belousov, url):
    """A page number or an empty field is not a filter; a value in any field is."""
    assert "Clear filters" not in page(client.get(url + "?page=1&q=&status="))
    field = {"/meetings/": "forum", "/agreements/": "platform", "/programmes/": "buyer"}.get(url, "q")
    assert "Clear filters" in page(client.get(f"{url}?{field}=x"))


def test_it_selects_the_chosen_value_in_a_filter_menu(client, s400):
    """The select keeps the submitted choice; the others stay unselected."""
    html = page(client.get("/systems/?category=air_defence"))
    assert '<option value="air_defence" selected>' in html
    assert '<label for="id_category">Category</label>' in html
