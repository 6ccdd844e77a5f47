"""manage.py load_reference: set-up adds the reference data it lacks and never undoes editors' work."""

import io
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from procurement.models import Alias, Entity, Organisation, Programme, StatusClaim
from procurement.services.reference import REASON_CREATED

REFERENCE = Path(__file__).resolve().parents[2] / "fixtures" / "reference.json"
NOTE = "Edited by the desk: five squadrons, three delivered by late 2025."
NAME = "S-400 Triumf (edited)"
S400_HINDI = "एस-400"


def _load(*args) -> str:
    out = io.StringIO()
    call_command("load_reference", *args, stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count()
            for model in apps.get_app_config("procurement").get_models()}


def _history() -> dict[str, list]:
    """Every history row of the record, as values, table by table."""
    return {model._meta.label: list(model._default_manager.order_by("pk").values())
            for model in apps.get_app_config("procurement").get_models()
            if model.__name__.startswith("Historical")}


def _newer_file(tmp_path, change) -> Path:
    records = json.loads(REFERENCE.read_text(encoding="utf-8"))
    for record in records:
        change(record)
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def api(editor):
    client = APIClient()
    client.force_login(editor)
    return client


@pytest.fixture
def edited(db, api, editor_client):
    """The reference data, then three edits an editor makes: a note, a name, an alias deleted."""
    _load()
    programme = Programme.objects.get(slug="india-s-400-purchase")
    response = api.patch(f"/api/v1/programmes/{programme.slug}/", {"note": NOTE}, format="json")
    assert response.status_code == 200, response.content
    response = api.patch("/api/v1/platforms/s-400/", {"name": NAME}, format="json")
    assert response.status_code == 200, response.content
    alias = Alias.objects.get(entity__slug="s-400", text=S400_HINDI)
    response = editor_client.post(f"/admin/procurement/alias/{alias.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302


def _assert_edits_intact():
    assert Programme.objects.get(slug="india-s-400-purchase").note == NOTE
    assert Entity.objects.get(slug="s-400").name == NAME
    assert not Alias.objects.filter(entity__slug="s-400", text=S400_HINDI).exists()
    assert Programme.history.filter(slug="india-s-400-purchase").latest("history_date").note == NOTE


def test_it_creates_every_reference_row_with_its_history(db):
    """A fresh database gets every record of the file, each with a history entry."""
    out = _load()
    records = json.loads(REFERENCE.read_text(encoding="utf-8"))
    aliases = sum(1 for r in records if r["model"] == "procurement.alias")
    assert "Created" in out
    assert Alias.objects.count() == aliases
    assert Entity.objects.get(slug="s-400").kind == "platform"
    assert Entity.objects.get(slug="s-400").specific.nato_name == "SA-21 Growler"
    assert Programme.objects.get(slug="india-s-400-purchase").agreements.exists()
    assert Alias.history.filter(history_change_reason=REASON_CREATED).count() == aliases
    assert StatusClaim.history.count() == StatusClaim.objects.count() > 0


def test_it_creates_nothing_the_second_time(db):
    """Running it again adds no row and writes no history."""
    _load()
    counts, history = _counts(), _history()
    out = _load()
    assert "Created nothing" in out
    assert _counts() == counts
    assert _history() == history


def test_it_keeps_every_edit_and_history_row_when_set_up_runs_again(edited):
    """A programme's note, an entity's name and a deleted alias survive set-up run again."""
    counts, history = _counts(), _history()
    out = _load()
    _assert_edits_intact()
    assert _counts() == counts
    assert _history() == history
    assert f"procurement.alias S-400 Triumf (edited) / {S400_HINDI}" in out  # not recreated


def test_it_keeps_edits_through_the_whole_set_up_sequence(edited):
    """migrate, load_reference and ingest of the demo articles, as `make setup` runs them."""
    history = _history()
    call_command("migrate", "--noinput", verbosity=0)
    _load()
    call_command("ingest", str(REFERENCE.parent / "demo"), verbosity=0)
    _assert_edits_intact()
    after = _history()
    for label, rows in history.items():
        assert after[label][:len(rows)] == rows, label


def test_it_keeps_edits_made_after_an_old_loaddata(db, api):
    """Rows that `loaddata` wrote (no history) and an editor then changed stay the editor's."""
    call_command("loaddata", "reference", verbosity=0)
    response = api.patch("/api/v1/programmes/india-s-400-purchase/", {"note": NOTE}, format="json")
    assert response.status_code == 200
    counts = _counts()
    _load("--update")
    assert _counts() == counts
    assert Programme.objects.get(slug="india-s-400-purchase").note == NOTE


def test_it_reports_a_changed_value_and_changes_nothing_without_the_flag(db, tmp_path):
    """A newer file's different value is listed as stored → file; the row keeps its value."""
    _load()
    before = Programme.objects.get(slug="india-s-400-purchase").units_ordered

    def more_squadrons(record):
        if record["model"] == "procurement.programme" and \
                record["fields"]["slug"] == "india-s-400-purchase":
            record["fields"]["units_ordered"] = 6
    newer = _newer_file(tmp_path, more_squadrons)
    history = _history()
    out = _load("--file", str(newer))
    assert f"Would change procurement.programme india-s-400-purchase: units_ordered: {before} → 6" in out
    assert Programme.objects.get(slug="india-s-400-purchase").units_ordered == before
    assert _history() == history

    out = _load("--file", str(newer), "--update")
    assert "Updated procurement.programme india-s-400-purchase: units_ordered" in out
    programme = Programme.objects.get(slug="india-s-400-purchase")
    assert programme.units_ordered == 6
    assert programme.history.latest("history_date").history_user is None


def test_it_never_updates_a_field_an_editor_changed(edited, tmp_path):
    """--update applies the file's other changes but leaves the editor's note and name."""
    def newer_texts(record):
        fields = record["fields"]
        if record["model"] == "procurement.programme" and fields["slug"] == "india-s-400-purchase":
            fields["note"] = "Newer reference note."
            fields["unit"] = "regiments"
        if record["model"] == "procurement.entity" and fields["slug"] == "s-400":
            fields["name"] = "S-400 (newer file)"
    out = _load("--file", str(_newer_file(tmp_path, newer_texts)), "--update", "-v", "2")
    _assert_edits_intact()
    programme = Programme.objects.get(slug="india-s-400-purchase")
    assert programme.unit == "regiments"
    assert "kept procurement.programme india-s-400-purchase: note:" in out
    assert "kept procurement.platform s-400: name:" in out


def test_it_adds_rows_of_a_model_it_has_not_seen_before(db, tmp_path):
    """Any model of the file is loaded: a new place and its alias appear, the rest stays."""
    _load()
    records = json.loads(REFERENCE.read_text(encoding="utf-8"))
    records += [
        {"model": "procurement.entity", "pk": 9001,
         "fields": {"slug": "test-town", "name": "Test Town", "kind": "place"}},
        {"model": "procurement.place", "pk": 9001, "fields": {"category": "city", "nation": 1}},
        {"model": "procurement.alias", "pk": 9001,
         "fields": {"entity": 9001, "text": "Test Town", "language": "en", "kind": "official"}},
    ]
    path = tmp_path / "places.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    counts = _counts()
    _load("--file", str(path))
    place = Entity.objects.get(slug="test-town").specific
    assert place.kind == "place" and place.nation.slug == "india"
    assert place.aliases.get().folded == "test town"
    assert _counts()["procurement.Alias"] == counts["procurement.Alias"] + 1


def test_it_adds_new_aliases_of_entities_an_install_already_has(db, tmp_path):
    """Set-up from a newer file gives existing entities the aliases it adds, and only those."""
    added = {("ministry-of-defence-india", "Defence Ministry"), ("united-states", "U.S."),
             ("su-30mki", "सुखोई")}
    records = json.loads(REFERENCE.read_text(encoding="utf-8"))
    slugs = {r["pk"]: r["fields"]["slug"] for r in records if r["model"] == "procurement.entity"}
    older = [r for r in records if r["model"] != "procurement.alias"
             or (slugs[r["fields"]["entity"]], r["fields"]["text"]) not in added]
    assert len(records) - len(older) == len(added)
    path = tmp_path / "older.json"
    path.write_text(json.dumps(older, ensure_ascii=False), encoding="utf-8")
    _load("--file", str(path))
    counts = _counts()
    _load()
    assert _counts()["procurement.Alias"] == counts["procurement.Alias"] + len(added)
    for slug, text in added:
        alias = Alias.objects.get(entity__slug=slug, text=text)
        assert alias.history.get().history_change_reason == REASON_CREATED
    assert Alias.objects.get(entity__slug="united-states", text="U.S.").folded == "u.s."


@pytest.mark.parametrize("content, reason", [
    ("{", "is not a JSON file"),
    ('{"model": "procurement.entity"}', "must hold a list of records"),
    ('[{"model": "procurement.nothing", "pk": 1, "fields": {}}]', "which does not exist"),
    ('[{"model": "procurement.alias", "pk": 1, "fields": {"colour": "red"}}]',
     "which procurement.alias does not have"),
    ('[{"model": "procurement.alias", "pk": 1, "fields": {"entity": 5, "text": "x"}}]',
     "which the file does not hold"),
    ('[{"model": "procurement.entity", "pk": 1, "fields": {"slug": "ok", "name": "Ok", '
     '"kind": "place"}}, {"model": "procurement.place", "pk": 1, "fields": {}},'
     '{"model": "procurement.alias", "pk": 1, "fields": {"entity": 1, "text": "--"}}]',
     "This alias has no letters or digits"),
])
def test_it_refuses_a_bad_file_and_writes_nothing(db, tmp_path, content, reason):
    """A bad file is refused with the reason, and not even its good records are written."""
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        _load("--file", str(path))
    assert reason in str(refused.value)
    assert not Entity.objects.exists()
    assert not any(_history().values())


def test_it_leaves_alone_a_slug_another_kind_has_taken(db, tmp_path):
    """An editor's organisation with a reference platform's slug is kept; the platform is not made."""
    Organisation.objects.create(slug="s-400", name="Not the missile system")
    err = io.StringIO()
    call_command("load_reference", stdout=io.StringIO(), stderr=err)
    assert "procurement.platform s-400: a row with this name exists as another kind" in err.getvalue()
    assert Entity.objects.get(slug="s-400").kind == "organisation"
    assert not Alias.objects.filter(entity__slug="s-400").exists()
    assert Programme.objects.filter(slug="india-su-30mki-upgrade").exists()
