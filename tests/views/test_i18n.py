"""The interface in English and Hindi: chosen by Accept-Language, switched on every page."""

import datetime
import gettext
import re
from pathlib import Path

import pytest

from procurement.models import Agreement

from ..conftest import make_article, make_claim
from .conftest import mention, page, squash

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "hi" / "LC_MESSAGES"


def hindi(client, url, **params):
    return page(client.get(url, params, HTTP_ACCEPT_LANGUAGE="hi"))


def test_it_speaks_hindi_when_the_browser_asks_for_it(client, programme):
    """Accept-Language: hi gives Hindi labels, status names and <html lang="hi">."""
    make_claim(programme, status="in_delivery", occurred_on=datetime.date(2025, 6, 26),
               units_delivered=3)
    html = squash(hindi(client, "/"))
    assert '<html lang="hi">' in html
    assert "हर कार्यक्रम की स्थिति" in html and "डैशबोर्ड" in html and "आपूर्ति जारी" in html
    assert "5 squadrons में से 3" in html and "26 जून 2025" in html
    assert "Where each programme stands" not in html


def test_it_speaks_english_by_default(client, db):
    """Without Accept-Language the interface is English."""
    html = page(client.get("/"))
    assert '<html lang="en">' in html and "Where each programme stands" in html


@pytest.mark.parametrize("url,label", [
    ("/systems/s-400/", "हर लिपि में नाम"),
    ("/programmes/india-s-400-purchase/", "स्थिति की समयरेखा"),
    ("/articles/", "फ़िल्टर लगाएँ"),
    ("/meetings/", "बैठकें"),
    ("/agreements/", "समझौते"),
    ("/search/?q=S-400", "इकाइयाँ"),
    ("/changes/", "हाल के बदलाव"),
    ("/people/", "अन्य नाम"),
])
def test_it_translates_every_page(client, programme, url, label):
    """Each page has its Hindi labels."""
    assert label in hindi(client, url)


def test_it_formats_dates_and_numbers_for_the_language(client, india, russia):
    """Hindi dates use Hindi month names; amounts use Indian digit grouping."""
    Agreement.objects.create(slug="deal", name="Deal", category="contract", status="signed",
                             signed_on=datetime.date(2018, 10, 5), value=5430000000,
                             currency="USD")
    assert "USD 5,43,00,00,000" in hindi(client, "/agreements/deal/")
    assert "5 अक्टूबर 2018" in hindi(client, "/agreements/deal/")
    english = page(client.get("/agreements/deal/"))
    assert "USD 5,430,000,000" in english and "Oct. 5, 2018" in english


def test_it_switches_language_with_the_form_on_every_page(client, db):
    """The switch posts to /i18n/setlang/ and the next pages are in Hindi."""
    html = page(client.get("/articles/"))
    assert 'action="/i18n/setlang/"' in html and '<label for="site-language">' in html
    response = client.post("/i18n/setlang/", {"language": "hi", "next": "/articles/"})
    assert response.status_code == 302 and response["Location"] == "/articles/"
    assert "फ़िल्टर लगाएँ" in page(client.get("/articles/"))


def test_it_marks_hindi_text_with_its_language(client, s400, outlet):
    """Hindi titles, snippets and aliases carry lang="hi" even in the English interface."""
    article = make_article(outlet=outlet, language="hi", title="एस-400 की आपूर्ति",
                           body="एस-400 की आपूर्ति जारी है।")
    mention(article, s400, "एस-400")
    html = page(client.get("/systems/s-400/"))
    assert f'lang="hi">{article.title}</a>' in html
    assert '<p class="snippet" lang="hi">' in html


def test_it_ships_a_complete_compiled_catalogue():
    """Every message of the .po is translated, and the committed .mo has all of them."""
    po = (LOCALE / "django.po").read_text(encoding="utf-8")
    assert "fuzzy" not in po
    assert not re.search(r'^msgstr(\[0\])? ""\n\n', po.split("\n\n", 1)[1] + "\n\n", re.M)
    with open(LOCALE / "django.mo", "rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    for msgid in re.findall(r'^msgid "(.+)"$', po, re.M):
        assert catalog.gettext(msgid.replace('\\"', '"')) != msgid, msgid
