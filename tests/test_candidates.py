"""The queue of new names: collected at ingestion, promoted or dismissed by editors in one step."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from procurement import services
from procurement.models import Alias, Article, Candidate, Mention, Platform, Sighting
from procurement.services.candidates import (ALREADY_PROMOTED, NEW_NEEDS_KIND_AND_NAME,
                                             candidate_dismiss, candidate_promote)
from procurement.services.ingest import article_ingest

FIRST = "Russia offered India the S-500 air-defence system on Monday.\n\nTalks go on."
SECOND = "रूस ने भारत को एस-500 प्रणाली की पेशकश की है। बातचीत जारी है।"
THIRD = "Officials said the S500 would not be ready before 2027."


@pytest.fixture
def seen(s400):
    """Two articles naming the S-500, in English and in Hindi."""
    article_ingest(body=FIRST, language="en")
    article_ingest(body=SECOND, language="hi")
    return Candidate.objects.get(folded="s500")


def test_it_counts_one_candidate_across_articles_and_spellings(seen):
    """S-500 and एस-500 in two articles are one candidate seen in 2 articles, with examples."""
    assert seen.articles == 2 and seen.status == Candidate.Status.OPEN
    assert (seen.name, seen.kind) == ("S-500", "platform")
    examples = {s.text: s.sentence for s in seen.sightings.all()}
    assert examples == {"S-500": FIRST.split("\n")[0], "एस-500": SECOND.split("।")[0] + "।"}
    sighting = seen.sightings.get(text="S-500")
    assert sighting.sentence[sighting.at:sighting.at + 5] == "S-500"


def test_it_leaves_names_an_alias_matches_out_of_the_queue(s400):
    """The S-400 is an alias: not a candidate."""
    article_ingest(body="The S-400 and the S-500 were both discussed.")
    assert list(Candidate.objects.values_list("folded", flat=True)) == ["s500"]


def test_it_promotes_a_name_to_a_new_platform_and_finds_it_in_every_article(seen, editor):
    """A new platform with both spellings as aliases; both articles mention it at once."""
    entity = candidate_promote(candidate=seen, editor=editor, kind="platform",
                               name="S-500 Prometey", slug="s-500")
    seen.refresh_from_db()
    assert seen.status == Candidate.Status.PROMOTED and seen.promoted_to_id == entity.pk
    assert seen.decided_by == editor
    platform = Platform.objects.get(slug="s-500")
    assert set(platform.aliases.values_list("text", flat=True)) == {"S-500", "एस-500"}
    assert Alias.objects.get(text="एस-500").language == "hi"
    assert Mention.objects.filter(entity=platform).count() == 2
    # Later articles are matched, not queued.
    article_ingest(body=THIRD)
    assert Mention.objects.filter(entity=platform).count() == 3
    assert Candidate.objects.get().articles == 2


def test_it_promotes_a_name_as_an_alias_of_an_existing_entity(seen, s400, editor):
    """Added to the S-400 (say an editor judged it a variant's name): mentions of the S-400."""
    candidate_promote(candidate=seen, editor=editor, entity=s400)
    assert s400.aliases.filter(text__in=["S-500", "एस-500"]).count() == 2
    assert Mention.objects.filter(entity=s400, text__in=["S-500", "एस-500"]).count() == 2


def test_it_lets_reextract_find_a_promoted_name_in_articles_it_was_not_queued_from(s400, editor):
    """An article stored before the name was queued gets the mention from `reextract`."""
    older = Article.objects.create(title="Old", body="The S 500 was tested.", hash="1" * 64)
    article_ingest(body=FIRST)
    candidate_promote(candidate=Candidate.objects.get(), editor=editor, kind="platform",
                      name="S-500")
    assert not Mention.objects.filter(article=older).exists()
    call_command("reextract", verbosity=0)
    assert Mention.objects.get(article=older).text == "S 500"


def test_it_refuses_a_second_promotion_and_incomplete_requests(seen, s400, editor):
    """Already promoted, or neither an entity nor a kind and name: refused, nothing written."""
    with pytest.raises(ValidationError) as refused:
        candidate_promote(candidate=seen, editor=editor, kind="platform")
    assert refused.value.messages == [NEW_NEEDS_KIND_AND_NAME]
    with pytest.raises(ValidationError):
        candidate_promote(candidate=seen, editor=editor, kind="platform", name="S-400",
                          slug="s-400")  # the slug is taken
    assert Platform.objects.count() == 1
    candidate_promote(candidate=seen, editor=editor, entity=s400)
    with pytest.raises(ValidationError) as refused:
        candidate_promote(candidate=seen, editor=editor, kind="platform", name="S-500")
    assert refused.value.messages == [ALREADY_PROMOTED.format(entity="s-400")]
    with pytest.raises(ValidationError):
        candidate_dismiss(candidate=seen, editor=editor)


def test_it_keeps_a_dismissed_name_dismissed_when_it_is_seen_again(seen, editor):
    """Dismissed: not reopened, not counted, no new sightings."""
    candidate_dismiss(candidate=seen, editor=editor)
    article_ingest(body=THIRD)
    seen.refresh_from_db()
    assert seen.status == Candidate.Status.DISMISSED and seen.articles == 2
    assert seen.sightings.count() == 2
    assert not Candidate.objects.open().exists()


def test_it_takes_a_name_out_of_the_queue_once_an_editor_adds_it_as_an_alias(seen, s400):
    """An alias typed by hand (any entity, any spelling that folds alike) closes the name."""
    assert list(Candidate.objects.open()) == [seen]
    services.alias_create(entity=s400, text="S500")
    assert not Candidate.objects.open().exists()
    assert list(Candidate.objects.named_since()) == [seen]


def test_it_collects_with_a_few_queries_however_many_names(s400, django_assert_max_num_queries):
    """Collection costs the same few queries for one name or many, new or known."""
    names = " ".join(f"the KR-{n} and the Tu-{n}M" for n in range(100, 160))
    with django_assert_max_num_queries(20):
        article_ingest(body=f"Russia showed {names}.")
    assert Candidate.objects.count() == 120
    with django_assert_max_num_queries(20):
        article_ingest(body=f"Later Russia showed {names} again.")
    assert set(Candidate.objects.values_list("articles", flat=True)) == {2}
    assert Sighting.objects.count() == 240


def test_it_costs_no_query_when_an_article_names_nothing_new(s400, django_assert_num_queries):
    """Only known names: collection adds nothing to ingestion's queries."""
    from procurement.services.candidates import candidates_collect

    article = Article.objects.create(title="t", body="The S-400 arrived.", hash="2" * 64)
    with django_assert_num_queries(0):
        assert candidates_collect(article=article, matched_spans=[(4, 9)]) == 0
