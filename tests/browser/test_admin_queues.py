"""The editors' review queues, measured in a real browser on a 1280 x 800 laptop screen: the
mention queue fits without sideways scrolling, its context is readable, its rows are compact;
a claim's quote is on screen; a programme's page lists its claims without a wall of forms."""

import pytest
from django.contrib.auth import get_user_model

from procurement.models import Programme

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1280, "height": 800}
PASSWORD = "queue-review-pass-1"  # a throwaway account in the test database only


@pytest.fixture
def editor_tab(chromium, site):
    """A laptop-sized tab signed in to the admin as a superuser, through the login form."""
    get_user_model().objects.create_superuser("queue-editor", "queue@example.org", PASSWORD)
    context = chromium.new_context(viewport=LAPTOP, locale="en",
                                   extra_http_headers={"Accept-Language": "en"})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.goto(site + "/admin/login/?next=/admin/")
    tab.get_by_label("Username").fill("queue-editor")
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Log in").click()
    tab.wait_for_url(site + "/admin/")
    yield tab
    context.close()


def width(tab) -> int:
    return tab.evaluate("document.documentElement.scrollWidth")


def height(tab) -> int:
    return tab.evaluate("document.documentElement.scrollHeight")


def test_it_fits_the_mention_queue_on_a_laptop_screen(site, editor_tab, shoot):
    """No sideways scroll; a context column wide enough to read, the mention marked; short rows."""
    editor_tab.goto(site + "/admin/procurement/mention/?review__exact=machine")
    rows = editor_tab.locator("#result_list tbody tr")
    assert rows.count() > 0
    context = editor_tab.locator("#result_list td.field-context").first
    row_heights = [rows.nth(i).bounding_box()["height"] for i in range(min(rows.count(), 20))]
    # The changelist scrolls its table inside a box, so the page alone can hide a wide table.
    measured = {"page width": width(editor_tab),
                "table right edge": editor_tab.evaluate(
                    "document.querySelector('#result_list').getBoundingClientRect().right"),
                "table overflow": editor_tab.evaluate(
                    "(b => b.scrollWidth - b.clientWidth)(document.querySelector('.results'))"),
                "context width": context.bounding_box()["width"],
                "tallest row": max(row_heights)}
    print(f"\nmention queue at 1280 px: {measured}")
    shoot(editor_tab, "mention-queue")
    assert measured["page width"] <= 1280 and measured["table right edge"] <= 1280
    assert measured["table overflow"] == 0  # no sideways scroll inside the list either
    assert measured["context width"] >= 300
    assert measured["tallest row"] <= 80
    assert context.locator("mark").count() == 1


def test_it_shows_the_claim_quote_on_screen(site, editor_tab, shoot):
    """The quote is the evidence an editor judges: it must be visible without scrolling."""
    editor_tab.goto(site + "/admin/procurement/statusclaim/?review__exact=machine")
    quote = editor_tab.locator("#result_list td.field-short_quote").first
    box = quote.bounding_box()
    print(f"\nclaim queue at 1280 px: page width {width(editor_tab)}, quote box {box}")
    shoot(editor_tab, "claim-queue")
    assert quote.inner_text().strip()
    assert box["x"] >= 0 and box["x"] + box["width"] <= LAPTOP["width"]
    assert editor_tab.evaluate(
        "(b => b.scrollWidth - b.clientWidth)(document.querySelector('.results'))") == 0
    assert width(editor_tab) <= 1280


def test_it_keeps_the_programme_page_short(site, editor_tab, shoot):
    """The claims of a programme are a compact table with links, not one full form each."""
    programme = Programme.objects.with_evidence().get(slug="india-s-400-purchase")
    claims = programme.claims.count()
    editor_tab.goto(site + f"/admin/procurement/programme/{programme.pk}/change/")
    measured = height(editor_tab)
    print(f"\nprogramme change page with {claims} claims at 1280 px: {measured} px high")
    shoot(editor_tab, "programme")
    assert claims >= 10
    assert measured <= 3000
    link = editor_tab.get_by_role("link", name=f"All {claims} claims of this programme")
    assert link.get_attribute("href").endswith(f"?programme__id__exact={programme.pk}")
