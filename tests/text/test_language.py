import pytest

from procurement.text import detect_language, script_of


@pytest.mark.parametrize(
    "text, script",
    [
        ("राजनाथ सिंह", "deva"),
        ("एस-400", "deva"),
        ("S-400", "latn"),
        ("Rajnath Singh", "latn"),
        ("Шойгу", "cyrl"),
        ("राजनाथ Singh", "mixed"),
        ("北京", "mixed"),
        ("", ""),
        ("2025 - 26", ""),
    ],
)
def test_it_names_the_script_of_most_letters(text, script):
    """Over 60% of the letters in one script names it; otherwise mixed; no letters is ""."""
    assert script_of(text) == script


def test_it_counts_devanagari_vowel_signs_as_letters():
    """Matras count, so a Hindi word is not outweighed by its transliteration."""
    assert script_of("राजनाथ Singh") == "mixed"
    assert detect_language("राजनाथ Singh") == "hi"  # 6 Devanagari signs to 5 Latin letters
    assert detect_language("मोदी Modi") == ""  # 4 to 4: no majority


@pytest.mark.parametrize(
    "text, language",
    [
        ("रक्षा मंत्री ने S-400 पर बात की।", "hi"),
        ("The minister discussed the S-400 and Su-30 MKI.", "en"),
        ("Министр обороны заявил, что поставки S-400 идут.", "ru"),
        ("SU", ""),
        ("१२३", ""),
        ("北京 Beijing 上海 上海 上海 上海", ""),
    ],
)
def test_it_detects_the_language_by_majority_script(text, language):
    """hi/en/ru by the majority script; "" for too few letters or another script."""
    assert detect_language(text) == language
