"""The reference dataset (fixtures/reference.json) and the demo articles (fixtures/demo/*.json)."""

import json
import unicodedata
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from procurement.models import Alias, Entity, Programme, Review, Script, StatusClaim
from procurement.text import fold_alias, script_of

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
DEMO = FIXTURES / "demo"
# The seed articles live beside the work tree when it is checked out for development;
# elsewhere (CI, a fresh clone) they are absent and the seed check is skipped.
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
RUN = 8  # words in a row that may not be shared with a seed article

STABLE_SLUGS = {
    "s-400": "platform", "su-30mki": "platform",
    "sco": "forum", "brics": "forum", "irigc-mmtc": "forum", "india-russia-annual-summit": "forum",
    "rajnath-singh": "person", "andrei-belousov": "person", "vladimir-putin": "person",
    "narendra-modi": "person", "s-jaishankar": "person", "sergey-lavrov": "person",
    "zhang-youxia": "person", "sergei-shoigu": "person", "dong-jun": "person",
    "xi-jinping": "person",
    "india": "country", "russia": "country", "china": "country", "pakistan": "country",
    "united-states": "country",
    "sco-defence-ministers-meeting-2025": "meeting",
}
DEMO_FIELDS = {"title", "body", "url", "outlet", "language"}
DEMO_ALLOWED = DEMO_FIELDS | {"published_on"}


@pytest.fixture
def reference(db, settings):
    """The reference dataset, loaded the way `make setup` loads it."""
    if not any(Path(d).resolve() == FIXTURES for d in settings.FIXTURE_DIRS):
        settings.FIXTURE_DIRS = [*settings.FIXTURE_DIRS, FIXTURES]
    call_command("load_reference", verbosity=0)


def _counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count()
            for model in apps.get_app_config("procurement").get_models()}


def _words(text: str) -> list[str]:
    """Lower-cased words; punctuation, symbols and spaces of every script separate them."""
    text = unicodedata.normalize("NFC", text)
    spaced = "".join(" " if unicodedata.category(ch)[0] in "PSZC" else ch for ch in text)
    return spaced.lower().split()


def _runs(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _demo_articles() -> list[tuple[str, dict]]:
    return [(path.name, json.loads(path.read_text(encoding="utf-8")))
            for path in sorted(DEMO.glob("*.json"))]


def test_it_has_every_stable_slug_with_its_kind(reference):
    """Every slug DESIGN.md promises exists, as an entity of the promised kind."""
    kinds = dict(Entity.objects.filter(slug__in=STABLE_SLUGS).values_list("slug", "kind"))
    assert kinds == STABLE_SLUGS


def test_it_gives_every_entity_its_child_row(reference):
    """Each entity row has the child row of its kind (multi-table inheritance is complete)."""
    for entity in Entity.objects.all():
        assert entity.specific.pk == entity.pk, entity.slug


def test_it_names_every_entity_in_latin_and_devanagari(reference):
    """Every entity has at least one Latin and one Devanagari alias."""
    for entity in Entity.objects.prefetch_related("aliases"):
        scripts = {alias.script for alias in entity.aliases.all()}
        assert {Script.LATIN, Script.DEVANAGARI} <= scripts, entity.slug


def test_it_names_russian_platforms_and_people_in_cyrillic(reference):
    """Russian-made platforms and Russian people also have a Cyrillic alias."""
    russian = (Entity.objects.filter(platform__origin__slug="russia")
               | Entity.objects.filter(person__nation__slug="russia"))
    assert russian.filter(slug__in=["s-400", "su-30mki", "andrei-belousov"]).count() == 3
    for entity in russian.prefetch_related("aliases"):
        scripts = {alias.script for alias in entity.aliases.all()}
        assert Script.CYRILLIC in scripts, entity.slug


def test_it_stores_alias_forms_exactly_as_the_text_engine_computes_them(reference):
    """Each alias's stored folded form and script equal fold_alias(text) and script_of(text)."""
    for alias in Alias.objects.all():
        assert alias.folded == fold_alias(alias.text), alias.text
        assert alias.script == script_of(alias.text), alias.text


def test_it_loads_twice_without_changing_any_count(reference):
    """Loading the reference data again adds no row."""
    before = _counts()
    call_command("load_reference", verbosity=0)
    assert _counts() == before
    assert before["procurement.Alias"] > 0


def test_it_derives_in_delivery_for_the_s_400_purchase(reference):
    """India's S-400 purchase reads as in delivery, with three of five squadrons delivered."""
    programme = Programme.objects.with_evidence().get(slug="india-s-400-purchase")
    status = programme.status
    assert status.status == StatusClaim.Status.IN_DELIVERY
    assert status.units_delivered == 3
    assert not status.conflicted


def test_it_confirms_reference_claims_with_a_source_and_no_article(reference):
    """Reference claims and outcomes cite who said it, and link to no ingested article."""
    assert StatusClaim.objects.exists()
    for claim in StatusClaim.objects.all():
        assert claim.review == Review.CONFIRMED
        assert claim.article_id is None and claim.source, claim.pk
        claim.full_clean()
    for outcome in apps.get_model("procurement", "Outcome").objects.all():
        assert outcome.article_id is None and outcome.source, outcome.pk


def test_it_repeats_no_eight_word_run_of_a_seed_article():
    """No file under fixtures/ shares a run of eight words with a seed article."""
    if not SEEDS.is_dir():
        pytest.skip("the seed articles are not next to this checkout")
    seeds = set()
    for path in SEEDS.glob("*.txt"):
        seeds |= _runs(path.read_text(encoding="utf-8"))
    assert seeds
    for path in sorted(p for p in FIXTURES.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8")
        texts = list(_strings(json.loads(text))) if path.suffix == ".json" else [text]
        for piece in texts:
            shared = _runs(piece) & seeds
            assert not shared, f"{path.name}: {' '.join(sorted(shared)[0])}"


def test_it_ships_demo_articles_that_parse_with_the_required_fields():
    """Every demo article is a JSON object with title, body, url, outlet, language and nothing else."""
    articles = _demo_articles()
    assert len(articles) >= 6
    for name, article in articles:
        assert isinstance(article, dict), name
        assert DEMO_FIELDS <= set(article) <= DEMO_ALLOWED, name
        assert all(isinstance(article[f], str) and article[f].strip() for f in DEMO_FIELDS), name
        assert article["language"] in {"hi", "en"}, name
        assert article["url"].startswith("https://example.org/"), name
        assert 150 <= len(article["body"].split()) <= 400, name
        assert article["body"].splitlines()[0].strip() != article["title"].strip(), name
    assert sum(article["language"] == "hi" for _, article in articles) >= 3
    assert len({article["url"] for _, article in articles}) == len(articles)


def test_it_includes_a_near_duplicate_reprint_among_the_demo_articles():
    """One demo article reprints another's body with one added closing line."""
    bodies = [article["body"] for _, article in _demo_articles()]
    assert any(a != b and b.startswith(a) and b[len(a):].strip().count("\n") == 0
               for a in bodies for b in bodies)
