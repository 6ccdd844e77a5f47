"""A generic organisation name ("defence ministry") preceded by another country as its owner is
that country's body, not the tracked one of the same name."""

import pytest

from procurement import services
from procurement.matching import build_automaton, current_automaton
from procurement.models import Country, Organisation, Platform


@pytest.fixture
def world(db):
    india = Country.objects.create(slug="india", name="India", iso="IN")
    pakistan = Country.objects.create(slug="pakistan", name="Pakistan", iso="PK")
    russia = Country.objects.create(slug="russia", name="Russia", iso="RU")
    for country, names in ((india, ["India", "भारत", "Indian"]),
                           (pakistan, ["Pakistan", "पाकिस्तान", "Pakistani"]),
                           (russia, ["Russia", "रूस"])):
        for name in names:
            services.alias_create(entity=country, text=name)
    mod = Organisation.objects.create(slug="ministry-of-defence-india", name="Ministry of Defence",
                                      category="government", nation=india)
    for name in ["Defence Ministry", "रक्षा मंत्रालय"]:
        services.alias_create(entity=mod, text=name)
    sukhoi = Organisation.objects.create(slug="sukhoi", name="Sukhoi", category="company",
                                         nation=russia)
    jet = Platform.objects.create(slug="su-30mki", name="Su-30 MKI", category="fighter")
    for entity in (sukhoi, jet):
        services.alias_create(entity=entity, text="Sukhoi")
    return {"india": india, "pakistan": pakistan, "russia": russia, "mod": mod}


def slugs(text: str) -> list[tuple[str, str, bool]]:
    return [(t.slug, m.text, t.ambiguous) for m, t in build_automaton().find(text)]


@pytest.mark.parametrize("text, owner", [
    ("Pakistan's defence ministry said so on Friday.", "Pakistan"),
    ("Pakistan’s Defence Ministry said so on Friday.", "Pakistan"),
    ("The Pakistani defence ministry said so.", "Pakistani"),
    ("पाकिस्तान के रक्षा मंत्रालय ने बयान दिया।", "पाकिस्तान"),
])
def test_it_does_not_take_another_countrys_ministry_for_the_tracked_one(world, text, owner):
    assert slugs(text) == [("pakistan", owner, False)]


@pytest.mark.parametrize("text", [
    "The defence ministry said so on Friday.",
    "India's defence ministry said so on Friday.",
    "भारत के रक्षा मंत्रालय ने बयान दिया।",
    "Pakistan and the defence ministry disagreed.",  # not its owner: a word stands between
])
def test_it_still_finds_the_tracked_ministry_where_no_other_country_owns_it(world, text):
    assert ("ministry-of-defence-india", False) in [(s, a) for s, _, a in slugs(text)]


@pytest.mark.parametrize("text", [
    "Bangladesh's defence ministry said so on Friday.",
    "Japan’s Defence Ministry said so on Friday.",
    "The Bangladeshi defence ministry said so.",
    "The UK Defence Ministry said so.",
])
def test_it_does_not_take_an_untracked_countrys_ministry_for_the_tracked_one(world, text):
    """No tracked country names the owner, but a possessive or a national adjective does."""
    assert "ministry-of-defence-india" not in [s for s, _, _ in slugs(text)]


@pytest.mark.parametrize("text", [
    "Monday's Defence Ministry briefing was short.",
    "The Defence Ministry said so.",
    "Officials of the Defence Ministry said so.",
])
def test_it_reads_no_owner_into_a_day_or_a_sentence_start(world, text):
    assert "ministry-of-defence-india" in [s for s, _, _ in slugs(text)]


def test_it_keeps_the_other_sense_of_a_shared_name_when_a_country_owns_it(world):
    """"India's Sukhoi fleet": not Russia's company, so the aircraft, decided without a cue."""
    assert slugs("India's Sukhoi are ageing.") == [
        ("india", "India", False), ("su-30mki", "Sukhoi", False)]
    assert ("sukhoi", "Sukhoi", False) in slugs("Russia's Sukhoi design bureau said so.")


def test_it_rebuilds_the_automaton_when_an_organisations_country_changes(world):
    """The country an organisation belongs to is part of what the cached automaton knows."""
    text = "Pakistan's defence ministry said so."
    assert [t.slug for _, t in current_automaton().find(text)] == ["pakistan"]
    world["mod"].nation = world["pakistan"]
    world["mod"].save()
    assert [t.slug for _, t in current_automaton().find(text)] == [
        "pakistan", "ministry-of-defence-india"]
