import pytest

from procurement.text import STATUSES, Matcher, sentences, suggest_claims

PLATFORMS = Matcher([("s400", "S-400"), ("s400", "एस-400"), ("su30", "Su-30 MKI"), ("su30", "एसयू-30 एमकेआई"), ("rs", "राजनाथ सिंह")])
PLATFORM_KEYS = {"s400", "su30"}


def quoted(text: str) -> list[str]:
    return [text[s:e] for s, e in sentences(text)]


def claims(text: str) -> list[tuple[str, str, str, str]]:
    return [(c.key, c.status, c.cue, text[c.start : c.end]) for c in suggest_claims(text, PLATFORMS.find(text), PLATFORM_KEYS)]


# --- sentences -----------------------------------------------------------------------------


def test_it_splits_on_dandas_question_and_exclamation_marks():
    """। ॥ ? and ! end sentences."""
    assert quoted("पहला वाक्य। दूसरा? तीसरा! चौथा॥ पांचवां") == ["पहला वाक्य।", "दूसरा?", "तीसरा!", "चौथा॥", "पांचवां"]


def test_it_splits_on_newlines():
    """A line break ends a sentence: headings and list items stand alone."""
    assert quoted("शीर्षक\n-\nपहली बात\n\nदूसरी बात") == ["शीर्षक", "-", "पहली बात", "दूसरी बात"]


def test_it_splits_on_a_dot_followed_by_space():
    """A full stop then a space ends an English sentence."""
    assert quoted("The deal was signed. Deliveries begin soon.") == ["The deal was signed.", "Deliveries begin soon."]


def test_it_keeps_honorifics_and_initials_inside_a_sentence():
    """डॉ. एस. जयशंकर and Dr. S. Jaishankar are not three sentences."""
    assert quoted("विदेश मंत्री डॉ. एस. जयशंकर मॉस्को गए। फिर लौटे।") == ["विदेश मंत्री डॉ. एस. जयशंकर मॉस्को गए।", "फिर लौटे।"]
    assert quoted("Dr. S. Jaishankar met Mr. Lavrov. Then he left.") == ["Dr. S. Jaishankar met Mr. Lavrov.", "Then he left."]


def test_it_does_not_split_designations_or_decimals():
    """S-400, Su-30 and 1.5 stay inside their sentence."""
    assert quoted("S-400 and Su-30 cost 1.5 billion. Next.") == ["S-400 and Su-30 cost 1.5 billion.", "Next."]


def test_it_keeps_closing_quotes_with_their_sentence():
    """A quote mark after the danda belongs to the sentence it closes."""
    assert quoted("उन्होंने कहा, “यह अहम है।” फिर चुप रहे।") == ["उन्होंने कहा, “यह अहम है।”", "फिर चुप रहे।"]


def test_it_ends_a_hindi_sentence_at_a_dot():
    """Some Hindi sites end sentences with a dot: है. is an end."""
    assert quoted("यह बात है. अगली बात") == ["यह बात है.", "अगली बात"]


def test_it_returns_no_sentences_for_blank_text():
    """Whitespace only gives nothing."""
    assert sentences(" \n\n ") == []


# --- suggestions ---------------------------------------------------------------------------


def test_it_suggests_a_status_from_a_hindi_cue():
    """एस-400 ... आपूर्ति suggests in_delivery, quoting the sentence."""
    text = "शीर्षक\nएस-400 प्रणाली की आपूर्ति जारी है।"
    assert claims(text) == [("s400", "in_delivery", "आपूर्ति", "एस-400 प्रणाली की आपूर्ति जारी है।")]


def test_it_suggests_a_status_from_an_english_cue():
    """Su-30 MKI upgrade suggests upgrade."""
    assert claims("The Su-30 MKI upgrade was approved.") == [("su30", "upgrade", "upgrade", "The Su-30 MKI upgrade was approved.")]


def test_it_picks_the_most_specific_cue_in_the_sentence():
    """delivered beats discussed, cancelled beats everything."""
    assert claims("Talks discussed how the S-400 was delivered.")[0][1] == "delivered"
    assert claims("The S-400 deal talks ended with the contract cancelled.")[0][1] == "cancelled"


def test_it_suggests_discussed_for_talks():
    """मुद्दों पर चर्चा suggests discussed."""
    assert claims("S-400 जैसे मुद्दों पर चर्चा हुई।")[0][1:3] == ("discussed", "चर्चा")


def test_it_prefers_a_longer_cue_phrase():
    """आपूर्ति की गई (was supplied) is delivered, not just in delivery."""
    assert claims("एस-400 की आपूर्ति की गई।")[0][1:3] == ("delivered", "आपूर्ति की गई")


def test_it_matches_cues_through_folding():
    """ख़रीद with a nukta is the cue खरीद."""
    assert claims("S-400 की ख़रीद पर बात।")[0][1] == "proposed"


def test_it_matches_cues_as_whole_words_only():
    """"dealer" is not the cue "deal"."""
    assert claims("An S-400 dealer spoke.") == []


def test_it_gives_one_suggestion_per_platform_per_sentence():
    """A platform named twice in one sentence gets one suggestion."""
    text = "S-400 and again S-400 delivery."
    assert [c[:2] for c in claims(text)] == [("s400", "in_delivery")]


def test_it_gives_each_platform_in_a_sentence_its_own_suggestion():
    """Two platforms, each with its own cue: each gets its own status."""
    text = "एस-400 की आपूर्ति और एसयू-30 एमकेआई का उन्नयन होगा।"
    assert [c[:2] for c in claims(text)] == [("s400", "in_delivery"), ("su30", "upgrade")]


def test_it_gives_a_cue_to_the_nearest_platform_in_its_clause_only():
    """"S-400 and Su-30 MKI upgrade": the upgrade is the Su-30 MKI's, not the S-400's."""
    assert [c[:2] for c in claims("एस-400 और एसयू-30 एमकेआई अपग्रेड पर जोर")] == [("su30", "upgrade")]
    text = "S-400 deliveries were discussed, alongside an upgrade of the Su-30 MKI fleet."
    assert [c[:2] for c in claims(text)] == [("s400", "in_delivery"), ("su30", "upgrade")]


def test_it_ignores_sentences_without_a_cue_or_platform():
    """A cue needs a platform in the same sentence, and vice versa."""
    assert claims("S-400 प्रणाली।\nआपूर्ति जारी है।") == []
    assert claims("राजनाथ सिंह ने आपूर्ति पर बात की।") == []


def test_it_uses_only_platform_keys():
    """Matches whose key is not a platform are ignored."""
    text = "राजनाथ सिंह ने एस-400 की आपूर्ति देखी।"
    assert [c[0] for c in claims(text)] == ["s400"]


def test_it_has_a_small_fixed_vocabulary():
    """Statuses are the documented nine."""
    assert STATUSES == (
        "cancelled", "stalled", "delivered", "in_delivery", "upgrade", "contracted", "negotiating", "proposed", "discussed",
    )


@pytest.mark.parametrize(
    "sentence, status",
    [
        ("S-400 contract signed.", "contracted"),
        ("S-400 पर करार हुआ।", "contracted"),
        ("S-400 negotiations continue.", "negotiating"),
        ("S-400 deliveries are delayed.", "stalled"),
        ("एस-400 सौदा रद्द हुआ।", "cancelled"),
        ("S-400 procurement is planned.", "proposed"),
    ],
)
def test_it_maps_cues_to_statuses(sentence, status):
    """Each cue family gives its status."""
    assert claims(sentence)[0][1] == status


# --- negation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, status, negation",
    [
        ("The remaining S-400 squadrons have not yet been delivered.", "in_delivery", "not"),
        ("एस-400 की आपूर्ति अब तक शुरू नहीं हुई।", "stalled", "नहीं"),
        ("भारत ने एस-400 पर संयुक्त दस्तावेज़ पर हस्ताक्षर नहीं किए।", "negotiating", "नहीं"),
        ("The S-400 contract was not signed.", "negotiating", "not"),
        ("S-400 supplies haven't begun.", "stalled", "haven't"),
        ("India is yet to receive S-400 deliveries.", "stalled", "yet to"),
    ],
)
def test_it_reads_a_negated_cue_as_what_it_still_says(sentence, status, negation):
    """"not delivered" is still in delivery, "did not sign" still negotiating."""
    [(key, got, _, _)] = claims(sentence)
    assert (key, got) == ("s400", status)
    assert suggest_claims(sentence, PLATFORMS.find(sentence), PLATFORM_KEYS)[0].negation == negation


def test_it_lets_other_cues_decide_when_the_negated_one_says_nothing():
    """"no delay" drops the stalled cue; the deliveries cue decides."""
    assert claims("S-400 deliveries continue with no delay.")[0][1] == "in_delivery"
    assert claims("The S-400 deal was not cancelled.")[0][1] == "negotiating"
    assert claims("The S-400 was not discussed.") == []


def test_it_binds_a_negation_to_its_nearest_cue_only():
    """"delivered without delay": without negates delay, not delivered."""
    assert claims("The S-400 was delivered without delay.")[0][1] == "delivered"
    assert claims("S-400 deliveries went on, but the new contract was not signed.")[0][1] == "in_delivery"


def test_it_leaves_a_cue_alone_beyond_three_words_or_in_another_sentence():
    """Far or in the next sentence, a negation changes nothing."""
    assert claims("Officials did not say much when the S-400 was delivered.")[0][1] == "delivered"
    assert claims("No comment. The S-400 was delivered.")[0][1] == "delivered"


def test_it_does_not_take_not_only_for_a_negation():
    """"not only … but" affirms."""
    assert claims("Not only S-400 deliveries but upgrades continue.")[0][1] == "in_delivery"


# --- attachment: a cue is said of one platform -----------------------------------------------


def test_it_gives_nothing_for_a_cue_in_a_clause_about_something_else():
    """"supply of the system …, alongside an upgrade of the Su-30 MKI": no Su-30 MKI supply."""
    text = "When the two met, supply of the system was on the table, alongside an upgrade of the Su-30 MKI."
    assert [c[:2] for c in claims(text)] == [("su30", "upgrade")]


def test_it_lets_a_designation_we_do_not_track_take_its_own_cues():
    """Tanks delivered as T-90 or टी-90 say nothing about the S-400 in the same sentence."""
    assert claims("Russia delivered T-90 tanks, which have nothing to do with the S-400.") == []
    assert claims("रूस ने टी-90 टैंकों की आपूर्ति तेज की, एस-400 पर कुछ नहीं कहा गया।") == []


def test_it_does_not_take_a_year_in_devanagari_digits_for_a_designation():
    """"आपूर्ति २०२५ में": a year is not a platform that takes the cue beside it."""
    assert [c[:2] for c in claims("एस-400 की आपूर्ति २०२५ में शुरू हुई।")] == [("s400", "in_delivery")]


def test_it_gives_a_bare_subject_the_cues_of_the_clauses_after_it():
    """"The S-400, which India ordered in 2018, …" is contracted."""
    assert [c[:2] for c in claims("The S-400, which India ordered in 2018, is now in service.")] == [
        ("s400", "contracted")]


def test_it_gives_the_subject_a_cue_halfway_between_two_platforms():
    """Equally near both, a cue goes to the platform named first, the clause's subject."""
    assert [c[:2] for c in claims("Su-30 MKI जेट के अपग्रेड के साथ एस-400 पर भी बात हुई।")] == [
        ("su30", "upgrade")]


# --- the future ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, status",
    [
        ("The remaining S-400 squadrons will be delivered next year.", "in_delivery"),
        ("एस-400 की अंतिम खेप अगले साल सौंपी जाएगी।", "in_delivery"),
        ("India and Russia will sign an S-400 follow-on contract in December.", "negotiating"),
        ("एस-400 सौदे पर अगले महीने हस्ताक्षर होंगे।", "negotiating"),
        ("The S-400 contract could be cancelled if sanctions bite.", "contracted"),
        ("The S-400 deal will be signed next month.", "negotiating"),
    ],
)
def test_it_reads_a_cue_in_the_future_as_what_is_under_way(sentence, status):
    """"will be delivered next year" is in delivery, not delivered; a threat is no cancellation."""
    assert [c[:2] for c in claims(sentence)] == [("s400", status)]


# --- the labelled set ------------------------------------------------------------------------


def test_it_suggests_the_labelled_claims_with_high_precision_and_recall():
    """Over the hand-labelled sentences (bench/claims.py prints the figures): precision ≥ 0.9,
    recall at least what was measured (0.91), so a regression in either fails."""
    from .claims_labelled import ALIASES, CASES, PLATFORMS as LABELLED_PLATFORMS, score

    matcher = Matcher(ALIASES)
    result = score(lambda text: {(s.key, s.status)
                                 for s in suggest_claims(text, matcher.find(text), LABELLED_PLATFORMS)})
    overall = result["groups"]["all"]
    assert len(CASES) >= 60
    assert overall["precision"] >= 0.9, result["misses"]
    assert overall["recall"] >= 0.9, result["misses"]
    assert result["groups"]["other"]["precision"] == 1.0, result["misses"]
