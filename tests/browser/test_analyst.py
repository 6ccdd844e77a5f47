"""What an analyst sees, in a real browser: from the dashboard to the evidence, search in
Devanagari, the Hindi interface, the article filters, a phone-width layout, the keyboard."""

import re

import pytest

pytestmark = pytest.mark.browser


def test_it_leads_from_the_dashboard_to_the_s400_evidence_and_an_article(site, page, shoot):
    """Dashboard → S-400 programme (status, who says so, since when) → system → article."""
    page.goto(site + "/")
    row = page.get_by_role("row").filter(has_text="S-400 Triumf purchase")
    assert "in delivery" in row.inner_text() and "3 of 5 squadrons" in row.inner_text()
    shoot(page, "dashboard")

    with page.expect_navigation():  # read the next page only once it has loaded
        row.get_by_role("link", name=re.compile("S-400 Triumf purchase")).click()
    assert page.get_by_role("heading", level=1).inner_text() == "India – S-400 Triumf purchase"
    status = page.locator(".status-line").inner_text()
    assert "in delivery" in status and "since June 26, 2025" in status
    assert "Ministry of Defence (India), press release" in page.locator(".who-says").inner_text()
    assert page.locator("ol.timeline > li").count() >= 4
    shoot(page, "programme")

    with page.expect_navigation():  # read the next page only once it has loaded
        page.locator(".crumbs").get_by_role("link", name="S-400 Triumf").click()
    assert page.url.endswith("/systems/s-400/")
    names = page.locator("dl.aliases").inner_text()
    assert "एस-400" in names and "SA-21 Growler" in names
    first = page.locator("#articles ol.articles > li").first
    assert first.locator("mark").count() >= 1
    shoot(page, "system")

    title = first.get_by_role("link").first.inner_text()
    with page.expect_navigation():  # read the next page only once it has loaded
        first.get_by_role("link").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == title
    marks = page.locator(".article .body a mark")
    assert marks.count() >= 1
    with page.expect_navigation():  # read the next page only once it has loaded
        marks.first.click()  # a marked mention leads to its entity
    kinds = "systems|people|countries|forums|meetings|organisations|agreements|places"
    assert re.search(rf"/({kinds})/", page.url)


def test_it_searches_in_devanagari(site, page, shoot):
    """एस-400 typed into the header search finds the S-400 and the articles naming it."""
    page.goto(site + "/")
    box = page.get_by_role("searchbox", name="Search entities and articles")
    box.fill("एस-400")
    with page.expect_navigation():  # read the next page only once it has loaded
        box.press("Enter")
    assert page.locator("ul.results li.best").inner_text().startswith("S-400 Triumf")
    # The hits are a window, newest first, not counted: the list itself says how many.
    assert page.locator("ol.articles > li").count() >= 3
    assert page.locator("p.snippet mark").count() >= 3
    shoot(page, "results")


def test_it_switches_to_hindi(site, page, shoot):
    """The language switch turns the interface, status names and dates into Hindi."""
    page.goto(site + "/systems/s-400/")
    page.get_by_label("Language").select_option("hi")
    page.get_by_role("button", name="Switch").click()
    page.wait_for_url(re.compile(r"/systems/s-400/$"))
    assert page.locator("html").get_attribute("lang") == "hi"
    assert page.get_by_role("heading", name="हर लिपि में नाम").is_visible()
    assert "आपूर्ति जारी" in page.locator(".status-line").first.inner_text()
    assert "जून 2025" in page.locator("main").inner_text()
    shoot(page, "system-hi")


def test_it_filters_the_article_list(site, page, shoot):
    """Language and entity filters narrow the list; the form works from the keyboard."""
    page.goto(site + "/articles/")
    everything = int(re.match(r"\d+", page.locator("p.count").inner_text()).group())
    page.get_by_label("Article language").select_option("hi")
    page.get_by_label("Entity mentioned").fill("s-400")
    with page.expect_navigation():  # read the next page only once it has loaded
        page.get_by_label("Entity mentioned").press("Enter")
    assert "language=hi" in page.url and "entity=s-400" in page.url
    shown = page.locator("ol.articles > li")
    assert 0 < shown.count() < everything
    for i in range(shown.count()):
        assert shown.nth(i).get_by_role("link").first.get_attribute("lang") == "hi"
    shoot(page, "filtered")
    with page.expect_navigation():  # read the next page only once it has loaded
        page.get_by_role("link", name="Clear filters").click()
    assert page.locator("ol.articles > li").count() == everything


def test_it_fits_a_phone_in_hindi_with_devanagari_fonts(site, phone, shoot):
    """At 390 px nothing overflows sideways, and Devanagari is set in Noto Sans Devanagari."""
    for path, name in (("/", "dashboard"), ("/systems/s-400/", "system"),
                       ("/meetings/sco-defence-ministers-meeting-2025/", "meeting")):
        phone.goto(site + path)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, path
        shoot(phone, name)
    assert phone.evaluate("document.fonts.check('16px \"Noto Sans Devanagari\"', 'एस')")
    family = phone.locator("h1").evaluate("e => getComputedStyle(e).fontFamily")
    assert "Noto Sans Devanagari" in family
    assert "इससे क्या निकला" in phone.locator("main").inner_text()
    assert "इनकार" in phone.locator("ul.outcomes").inner_text()


def test_it_can_be_used_from_the_keyboard(site, page):
    """The first Tab reaches the skip link, which moves focus to the main content."""
    page.goto(site + "/articles/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    page.keyboard.press("/")  # site.js: "/" focuses the search box
    assert page.evaluate("document.activeElement.id") == "site-q"
