import pytest

from procurement.text.context import choose_sense, window_words

COMPANY, FIGHTER = ("organisation", "company"), ("platform", "fighter")
SENSES = [COMPANY, FIGHTER]


def chosen(text: str, name: str, senses=SENSES, nth: int = 0):
    """The sense chosen for the nth occurrence of `name` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return choose_sense(text, start, start + len(name), senses)


@pytest.mark.parametrize("text", [
    "The Sukhoi design bureau said work on the new radar had begun.",
    "Engineers from Sukhoi, the Russian maker, arrived in Nashik.",
    "A contract was signed with the company Sukhoi last year.",
    "Shares of Sukhoi's parent corporation fell on Monday.",
])
def test_it_reads_a_company_from_english_words_around_the_name(text):
    """Bureau, maker, company, corporation next to the name: the company."""
    assert chosen(text, "Sukhoi") == 0


@pytest.mark.parametrize("text", [
    "Two squadrons of Sukhoi jets took part in the exercise.",
    "The Sukhoi fleet flew more sorties than planned.",
    "Pilots said the Sukhoi fighters performed well.",
])
def test_it_reads_an_aircraft_from_english_words_around_the_name(text):
    """Jets, squadrons, fleet, sorties, fighters next to the name: the aircraft."""
    assert chosen(text, "Sukhoi") == 1


@pytest.mark.parametrize(("text", "expected"), [
    ("सुखोई डिज़ाइन ब्यूरो ने सोमवार को बयान जारी किया।", 0),
    ("रूसी निर्माता कंपनी सुखोई के इंजीनियर नासिक पहुंचे।", 0),
    ("वायुसेना के सुखोई लड़ाकू विमानों के दो स्क्वाड्रन अभ्यास में शामिल हुए।", 1),
    ("सुखोई बेड़े की उड़ानें बढ़ाई गईं।", 1),
])
def test_it_reads_hindi_words_around_the_name(text, expected):
    """ब्यूरो, निर्माता, कंपनी: the company; लड़ाकू विमान, स्क्वाड्रन, बेड़ा: the aircraft."""
    assert chosen(text, "सुखोई") == expected


def test_it_reads_cues_written_without_their_nukta():
    """लडाकू (no dot under ड), as some sites print it, is the same cue as लड़ाकू."""
    assert chosen("सुखोई लडाकू विमान उतरे।", "सुखोई") == 1


@pytest.mark.parametrize(("text", "name"), [
    ("Officials spoke about Sukhoi on Tuesday.", "Sukhoi"),
    ("सुखोई पर मंगलवार को चर्चा हुई।", "सुखोई"),
    ("Sukhoi", "Sukhoi"),
])
def test_it_leaves_a_name_undecided_when_no_word_around_it_says(text, name):
    """No cue word in the window: None, for an editor to decide."""
    assert chosen(text, name) is None


def test_it_reads_the_longest_cue_at_a_place():
    """"aircraft maker" is a company, not an aircraft and a company."""
    assert chosen("Engineers from Sukhoi, the Russian aircraft maker, arrived.", "Sukhoi") == 0
    assert chosen("विमान निर्माता सुखोई के इंजीनियर पहुंचे।", "सुखोई") == 0


def test_it_lets_the_nearest_cue_decide_when_words_speak_for_both():
    """Cues of both senses: the word next to the name is the one that speaks of it."""
    assert chosen("The maker of Sukhoi jets was not named.", "Sukhoi") == 1
    assert chosen("Sukhoi built the aircraft in Irkutsk.", "Sukhoi") == 0
    assert chosen("Two jets built by Sukhoi arrived.", "Sukhoi") == 0
    assert chosen("Sukhoi engineers inspected the fighter line.", "Sukhoi") == 0
    assert chosen("सुखोई कंपनी के विमान देर से पहुंचे।", "सुखोई") == 0


def test_it_does_not_count_little_words_in_nearness():
    """"has", "the", "then", ने stand between name and cue without making the cue farther."""
    assert chosen("Sukhoi has shipped the kits to the Nashik plant.", "Sukhoi") == 0
    assert chosen("The Sukhoi then took off for Jodhpur.", "Sukhoi") == 1
    assert chosen("सुखोई ने सुबह उड़ान भरी।", "सुखोई") == 1


def test_it_leaves_a_name_undecided_when_cues_of_both_are_equally_near():
    """A company cue just before and an aircraft cue just after: None, never a guess."""
    assert chosen("The company's Sukhoi jets were late.", "Sukhoi") is None
    assert chosen("कंपनी सुखोई विमान देर से लाई।", "सुखोई") is None


def test_it_does_not_count_a_cue_in_another_sentence():
    """The window ends with the sentence: the next sentence's "jets" says nothing of it."""
    text = "Officials spoke about Sukhoi. The jets were grounded."
    assert window_words(text, text.index("Sukhoi"), text.index("Sukhoi") + 6)[1] == []
    assert chosen(text, "Sukhoi") is None
    hindi = "अधिकारियों ने सुखोई पर बात की। लड़ाकू विमान उतरे।"
    assert chosen(hindi, "सुखोई") is None


def test_it_decides_each_mention_by_its_own_sentence():
    """Company in one sentence, aircraft in the next: each occurrence read on its own."""
    text = ("The Sukhoi design bureau confirmed the schedule. "
            "Two squadrons of Sukhoi jets will get the new radar.")
    assert (chosen(text, "Sukhoi", nth=0), chosen(text, "Sukhoi", nth=1)) == (0, 1)


def test_it_looks_only_a_few_words_away():
    """A cue beyond the window speaks of something else in the sentence."""
    text = "Sukhoi was mentioned once, then nobody discussed the jets."
    assert chosen(text, "Sukhoi") is None


def test_it_does_not_let_a_designation_decide():
    """Another name in the window (Su-30 MKI) is no cue: a maker is named beside its products."""
    assert chosen("Sukhoi Su-30 MKI upgrade talks went on.", "Sukhoi") is None


def test_it_cannot_choose_between_senses_alike():
    """Two entries of the same kind and category: nothing tells them apart."""
    assert chosen("Two Sukhoi jets landed.", "Sukhoi", senses=[FIGHTER, FIGHTER]) is None


def test_it_chooses_among_more_than_two_senses():
    """Three candidates, cues for one: that one."""
    senses = [("person", ""), COMPANY, FIGHTER]
    assert chosen("Two Sukhoi jets landed.", "Sukhoi", senses=senses) == 2


def test_it_ignores_case_and_dashes_in_cues():
    """FIGHTER-JETS folds like fighter jets."""
    assert chosen("SUKHOI FIGHTER-JETS LANDED.", "SUKHOI") == 1


def test_it_reads_no_cue_into_the_tail_of_a_word_cut_at_the_edge_of_its_reach():
    """Far from the name the window is cut; a word cut in two is dropped, not read as its tail
    ("xbureau" cut to "bureau" is no company cue)."""
    text = "xbureau" + " " * 194 + "Sukhoi jets landed."
    assert window_words(text, text.index("Sukhoi"), text.index("Sukhoi") + 6)[0] == []
    assert chosen(text, "Sukhoi") == 1
