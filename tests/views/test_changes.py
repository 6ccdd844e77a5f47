"""Recent changes: edits from every main table's history, merged, paged, and as an Atom feed."""

from procurement import selectors, services
from procurement.models import Review
from procurement.views.changes import changes_for

from ..conftest import make_claim
from .conftest import page


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
