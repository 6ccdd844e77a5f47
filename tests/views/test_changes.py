"""Recent changes: edits from every main table's history, merged, paged, and as an Atom feed."""

import pytest
from django.contrib.auth.models import User

from procurement import selectors, services
from procurement.models import Review
from procurement.views.changes import changes_for

from ..conftest import make_claim
from .conftest import page

# Past 2**64: as an OFFSET it overflows SQLite's integers and PostgreSQL's bigint.
ABSURD_PAGE = "99999999999999999999"


def test_it_lists_recent_changes_across_tables_newest_first(client, programme, editor):
    """Entity, alias, programme and claim edits appear in one list, newest first."""
    claim = make_claim(programme, review=Review.MACHINE)
    services.claim_review(claim=claim, review=Review.CONFIRMED, editor=editor)
    html = page(client.get("/changes/"))
    assert "S-400 Triumf" in html and "एस-400" in html and "India – S-400 Triumf purchase" in html
    assert html.index("status claim") < html.index("S-400 Triumf</a>")


def test_it_says_which_fields_changed_and_who_changed_them(client, programme, editor):
    """A change lists the fields that differ from the version before, and the editor."""
    programme.units_ordered = 6
    programme._history_user = editor
    programme.save()
    html = page(client.get("/changes/"))
    assert "changed" in html and "units ordered" in html and "editor" in html


def test_it_filters_changes_by_record_type(client, programme):
    """?model= shows one table's changes."""
    html = page(client.get("/changes/?model=alias"))
    assert "एस-400" in html and "purchase" not in html


def test_it_pages_changes(client, s400):
    """50 changes a page."""
    for i in range(60):
        services.alias_create(entity=s400, text=f"Name {i}")
    html = page(client.get("/changes/"))
    assert "Page 1<" in html and "Name 59" in html and "Name 0 " not in html
    assert "Name 0 (" in page(client.get("/changes/?page=2"))


def test_it_serves_an_atom_feed_of_changes(client, programme):
    """/changes/feed/ is Atom with one entry per change."""
    response = client.get("/changes/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert "<feed" in xml and "programme created: India – S-400 Triumf purchase" in xml
    assert "/programmes/india-s-400-purchase/" in xml


def test_it_names_deleted_records_without_linking_them(client, s400, russia):
    """A deleted alias is listed as deleted."""
    alias = s400.aliases.get(text="С-400")
    alias.delete()
    html = page(client.get("/changes/?model=alias"))
    assert "deleted" in html and "С-400" in html


def test_it_shows_an_empty_history(client, db):
    """No history yet: the page says so."""
    assert "No changes recorded yet." in page(client.get("/changes/"))


def test_it_compares_each_change_with_the_version_just_before_it(client, programme):
    """Two edits in a row: each lists only the field it changed, not all since creation."""
    programme.units_ordered = 6
    programme.save()
    programme.note = "A second contract is under discussion."
    programme.save()
    changes = changes_for(selectors.change_list(labels=["programme"]))
    assert [c.fields for c in changes] == [["note"], ["units ordered"], []]


@pytest.fixture
def edits(programme, s400):
    """Two edits: one by an editor with a full name, one by an editor with none."""
    named = User.objects.create_user("asha.r-ops", first_name="Asha", last_name="Rao")
    nameless = User.objects.create_user("kv-ops-7")
    programme.units_ordered = 6
    programme._history_user = named
    programme.save()
    s400.nato_name = "SA-21 Growler"
    s400._history_user = nameless
    s400.save()


@pytest.fixture
def staff_client(client, db):
    client.force_login(User.objects.create_user("desk", is_staff=True))
    return client


def test_it_shows_the_public_editors_full_names_and_never_their_user_names(client, edits):
    """Anonymous readers see "Asha Rao" and "an editor": user names are half of a sign-in."""
    html = page(client.get("/changes/"))
    assert "Asha Rao" in html and "an editor" in html
    assert "asha.r-ops" not in html and "kv-ops-7" not in html


def test_it_shows_staff_the_user_names_of_editors(staff_client, edits):
    """Staff see which account made each change."""
    html = page(staff_client.get("/changes/"))
    assert "Asha Rao (asha.r-ops)" in html and "kv-ops-7" in html
    assert "an editor" not in html


def test_it_names_editors_in_the_feed_without_their_user_names(client, edits):
    """The Atom feed's authors and descriptions give full names, or "an editor"."""
    response = client.get("/changes/feed/")
    assert response.status_code == 200
    xml = response.content.decode()
    assert "<name>Asha Rao</name>" in xml and "<name>an editor</name>" in xml
    assert "By Asha Rao" in xml
    assert "asha.r-ops" not in xml and "kv-ops-7" not in xml


def test_it_gives_staff_user_names_in_the_feed(staff_client, edits):
    """A signed-in staff member reading the feed sees the accounts."""
    response = staff_client.get("/changes/feed/")
    assert response.status_code == 200
    xml = response.content.decode()
    assert "<name>Asha Rao (asha.r-ops)</name>" in xml and "<name>kv-ops-7</name>" in xml


def test_it_answers_an_absurd_page_number_with_an_empty_page_of_changes(client, programme):
    """?page= past any history is a page past the end, not a server error."""
    html = page(client.get(f"/changes/?page={ABSURD_PAGE}"))
    assert "India – S-400 Triumf purchase" not in html and 'rel="prev"' in html


@pytest.mark.parametrize("url", [
    "/changes/", "/changes/?model=programme", "/programmes/", "/articles/",
    "/search/?q=S-400", "/systems/", "/countries/", "/people/", "/organisations/", "/forums/",
    "/meetings/", "/agreements/", "/systems/s-400/", "/countries/india/",
])
def test_it_answers_an_absurd_page_number_on_every_paged_page(client, programme, article, url):
    """Every page that takes ?page= (the history's and the counted lists') survives it."""
    separator = "&" if "?" in url else "?"
    assert client.get(f"{url}{separator}page={ABSURD_PAGE}").status_code == 200
    assert client.get(f"{url}{separator}page=-{ABSURD_PAGE}").status_code == 200
