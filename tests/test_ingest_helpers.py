"""Pure helpers of ingestion: depth-limited JSON and slugs that keep Indic vowel signs."""

import json
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import validate_unicode_slug
from django.utils.text import slugify

from procurement.jsonload import JSONTooDeep, loads_limited
from procurement.text.slug import is_slug, shorten, slug_of


@pytest.mark.parametrize("text", [
    "[" * 1000 + "]" * 1000,
    '{"body": ' * 1000 + '"x"' + "}" * 1000,
    "[" * 200_000,  # not even closed: refused for its depth before json.loads recurses
])
def test_it_refuses_json_nested_deeper_than_the_limit(text):
    with pytest.raises(ValueError, match="nested too deeply: more than 64 levels"):
        loads_limited(text)


def test_it_parses_json_up_to_the_limit_counting_only_real_brackets():
    """Brackets inside strings, escaped quotes included, are text, not nesting."""
    assert loads_limited("[" * 8 + "]" * 8, max_depth=8) == [[[[[[[[]]]]]]]]
    with pytest.raises(JSONTooDeep):
        loads_limited("[" * 9 + "]" * 9, max_depth=8)
    text = json.dumps({"body": '[[[[ "quoted \\" [[[[', "tags": ["{{{{"]})
    assert loads_limited(text, max_depth=2) == json.loads(text)
    assert loads_limited(text.encode("utf-16"), max_depth=2) == json.loads(text)


def test_it_reports_malformed_json_as_a_value_error_with_the_reason():
    with pytest.raises(json.JSONDecodeError, match="Unterminated string"):
        loads_limited('{"body": "open')
    with pytest.raises(ValueError, match="not valid UTF-8"):
        loads_limited(b'{"body": "caf\xe9"}')


@pytest.mark.parametrize(("name", "slug"), [
    ("ट्रैकर डेमो डेस्क", "ट्रैकर-डेमो-डेस्क"),
    ("दैनिक भास्कर", "दैनिक-भास्कर"),
    ("क्षत्रिय समाचार", "क्षत्रिय-समाचार"),
    ("Российская газета", "российская-газета"),
    ("新华社", "新华社"),
])
def test_it_keeps_vowel_signs_and_viramas_in_slugs(name, slug):
    assert slug_of(name, max_length=80) == slug
    assert unicodedata.is_normalized("NFC", slug) and is_slug(slug)


@pytest.mark.parametrize("name", ["Demo Desk", "Café  Desk", "O'Reilly -- Media_", "The Hindu 2"])
def test_it_gives_latin_names_the_slug_django_gives(name):
    assert slug_of(name, max_length=80) == slugify(name)


def test_it_shortens_slugs_between_syllables_only():
    """A cut never strands a vowel sign or a virama: क्ष is क + virama + ष, one syllable."""
    assert shorten("क्षत्रिय", 2) == ""
    assert shorten("क्षत्रिय", 3) == "क्ष"
    assert shorten("ट्रैकर", 4) == "ट्रै"
    assert shorten("demo-desk", 5) == "demo"
    assert slug_of("x" * 100, max_length=80) == "x" * 80
    assert slug_of("!!!", max_length=80) == ""


def test_it_documents_that_djangos_unicode_slug_rule_refuses_vowel_signs():
    """Why the outlet model needs is_slug() as its rule before it accepts these slugs."""
    with pytest.raises(ValidationError):
        validate_unicode_slug("ट्रैकर-डेमो-डेस्क")
    assert is_slug("ट्रैकर-डेमो-डेस्क")
    assert not is_slug("a b") and not is_slug("a/b") and not is_slug("")
