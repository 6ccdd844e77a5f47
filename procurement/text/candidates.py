"""Names the reference data lacks: candidates for editors to turn into entities or aliases.

Three families, each found cheaply and on purpose narrowly (a missed name comes back in the
next article; junk in the queue costs an editor's time every day):

* **Designations**: letters then digits, as weapons are named — S-500, Su-57, Tu-160M,
  MiG-29K, Kh-47M2, एस-500, एसयू-57. One regex pass. The key folds the separator away
  (S-500 = S500 = S 500) and spells a Devanagari letter part in Latin letters when it is
  made of English letter names (एस = S, एसयू = SU), so एस-500 and S-500 are one candidate.
  Not designations: months and days (Jun-2025), money (Rs-500, USD 5), G20-style groups,
  COVID-19, quarters and halves (Q3, H1), Title-case words (Phase-2, Under-19) and other
  numbered nouns (listed below). With a space between letters and digits only a single capital
  letter counts ("S 500"), never "A" or "I" ("A 500-strong force").
* **Titled people**: a title (Defence Minister, Admiral, रक्षा मंत्री, राष्ट्रपति…) followed
  by a name: 1–4 capitalised English words, or 1–3 Hindi words that end where a postposition
  or verb begins (ने, को, के, है…) or at punctuation. The candidate is the name, not the title.
* **Organisation-like phrases**: capitalised words before a head word (… Council, … Navy,
  … Ministry, Ministry of …) or Hindi words before मंत्रालय, परिषद, आयोग, निगम…; the
  armed services (सेना, वायुसेना, नौसेना) only after a demonym (भारतीय, रूसी…).

Titles and head words are found with one Aho-Corasick scan of the folded text (the same
Matcher and word boundaries as aliases); a name is then read forward or backward from there.
Nothing overlapping a span already matched by an alias is a candidate, and neither is anything
on a Title-Case line (a headline: "Defence Minister Meets Russian Counterpart") except
designations.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .match import Words, _ends_word, _starts_word
from .normalise import Folded, fold, fold_alias

__all__ = ["ORGANISATION", "PERSON", "PLATFORM", "Candidate", "anchor_words", "designation_key",
           "find_candidates"]

# Kind guesses, spelled as the entity kinds they stand for.
PLATFORM, PERSON, ORGANISATION = "platform", "person", "organisation"


@dataclass(frozen=True)
class Candidate:
    """One name in the text; ``text[start:end] == self.text``."""

    key: str  # the folded form: one candidate however it is spelled
    text: str
    kind: str
    start: int
    end: int


# --- designations ------------------------------------------------------------------------------

_DEVA_LETTER = "\u0900-\u0963\u0970-\u097f"  # letters and signs; not dandas, not digits
_DASH = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"
_DESIGNATION = re.compile(
    rf"(?<![\w{_DASH}/.$₹{_DEVA_LETTER}])"
    rf"(?:(?P<latin>[A-Z][A-Za-z]{{0,4}})(?P<sep>[{_DASH}]| )?"
    rf"|(?P<deva>[{_DEVA_LETTER}]{{1,6}})(?P<dsep>[{_DASH}])?)"
    r"(?P<digits>[0-9\u0966-\u096f]{1,4})"
    rf"(?P<suffix>[A-Za-z][A-Za-z0-9]{{0,3}}|[{_DASH}][A-Z][A-Za-z0-9]{{0,3}}"
    rf"|[{_DASH}]?[{_DEVA_LETTER}]{{1,8}})?"
    rf"(?![\w{_DEVA_LETTER}]|[.,][0-9])"
)

# Letter parts that make a number something other than a weapon (compared lower-cased).
_NOT_DESIGNATION_LETTERS = frozenset("""
    jan feb mar apr may jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    rs inr usd eur gbp rub cny rmb jpy aud cad us
    fy cy q g covid sars mh nh sh pm am co no nos so ch ad bc
    top day act art vol pg fig ep ed sec min hr hrs yr yrs km kg mm cm ft mw kw gw gb mb tb
    ghz mhz gen web net pre non col age
""".split())
# Whole keys that look like designations and are not.
_NOT_DESIGNATION_KEYS = frozenset("t20 b2b b2c g2g p2p h1b कोविड19".split())

# English letter names in Devanagari: एस-500 is S-500, एसयू-57 is SU-57. Longest first.
_LETTER_NAMES = {
    "डब्ल्यू": "w", "क्यू": "q", "एक्स": "x", "जेड": "z", "वाई": "y", "एफ": "f", "एच": "h",
    "एल": "l", "एम": "m", "एन": "n", "एस": "s", "आर": "r", "आई": "i", "बी": "b", "सी": "c",
    "डी": "d", "जी": "g", "जे": "j", "के": "k", "पी": "p", "टी": "t", "यू": "u", "वी": "v",
    "ए": "a", "ई": "e", "ओ": "o",
    # Designations that are words, not letters.
    "मिग": "mig", "याक": "yak",
}
_LETTER_NAME = re.compile("|".join(sorted(_LETTER_NAMES, key=len, reverse=True)))


def _latin_letters(deva: str) -> str | None:
    """`deva` (folded) read as English letter names, or None when it is not made of them."""
    out, at = [], 0
    while at < len(deva):
        m = _LETTER_NAME.match(deva, at)
        if m is None:
            return None
        out.append(_LETTER_NAMES[m.group()])
        at = m.end()
    return "".join(out)


def designation_key(text: str) -> str:
    """One key for every spelling of a designation: S-500, S500, s 500, एस-500 → "s500"."""
    folded = fold_alias(text)
    m = re.match(rf"([{_DEVA_LETTER}]+)([0-9]+)(.*)$", folded)
    if m is None:
        return folded
    letters = _latin_letters(m.group(1))
    suffix = m.group(3)
    if suffix and not suffix.isascii():
        suffix = _latin_letters(suffix.lstrip("-")) or suffix
    return f"{letters}{m.group(2)}{suffix}" if letters else folded


_DIGIT_CHARS = "0123456789\u0966\u0967\u0968\u0969\u096a\u096b\u096c\u096d\u096e\u096f"
_WORD_LETTER = re.compile(rf"[A-Za-z{_DEVA_LETTER}]")


def _designations(text: str, stop: int):
    """The designation regex's matches, tried only where a number starts after a letter.

    An article holds a handful of numbers in thousands of characters: finding them with
    str.find (a C loop per digit) and matching only there costs a fifth of a regex scan.
    """
    firsts = set()
    for digit in _DIGIT_CHARS:
        at = text.find(digit, 0, stop)
        while at != -1:
            if at == 0 or text[at - 1] not in _DIGIT_CHARS:
                firsts.add(at)
            at = text.find(digit, at + 1, stop)
    done = -1
    for at in sorted(firsts):
        if at < done:
            continue  # the "2" of Kh-47M2, inside the last match
        j = at
        if j > 0 and (text[j - 1] in _DASH or text[j - 1] == " "):
            j -= 1
        k = j
        while k > 0 and j - k < 7 and _WORD_LETTER.match(text, k - 1):
            k -= 1
        if k == j:
            continue  # a bare number
        m = _DESIGNATION.match(text, k, stop)
        if m is not None and m.end() > at:
            done = m.end()
            yield m


def _designation(m: re.Match) -> tuple[int, int, str] | None:
    """(start, end, key) of a designation match, or None when it names no weapon."""
    start, end = m.span()
    suffix = m.group("suffix") or ""
    if suffix == "s":  # the English plural: "S-500s" mentions the S-500
        end -= 1
    latin = m.group("latin")
    if latin is not None:
        sep = m.group("sep") or ""
        if latin.lower() in _NOT_DESIGNATION_LETTERS:
            return None
        if sep == " " and (len(latin) != 1 or latin in "AI"):
            return None  # "Article 370", "A 500-strong force"
        if len(latin) >= 3 and latin[1:].islower():
            return None  # Phase-2, Under-19, Covid-19: numbered words
        if len(latin) == 1 and not sep and len(m.group("digits")) == 1 and suffix in ("", "s"):
            return None  # A4, F1, K2: paper sizes, races, mountains
    else:
        letters = fold_alias(m.group("deva"))
        if _latin_letters(letters) is None:
            return None  # a Hindi word before a number ("वर्ष-2025"), not letters
    key = designation_key(m.string[start:end])
    if key in _NOT_DESIGNATION_KEYS or key[:1] == "g" and key[1:].isdigit():
        return None
    return start, end, key


# --- titles and head words ----------------------------------------------------------------------

_EN_TITLES = """
    Defence Minister|Defense Minister|Foreign Minister|External Affairs Minister|Home Minister|
    Finance Minister|Deputy Defence Minister|Deputy Foreign Minister|Deputy Prime Minister|
    Prime Minister|President|Vice President|Defence Secretary|Defense Secretary|
    Foreign Secretary|Secretary of State|Secretary of Defense|National Security Adviser|
    National Security Advisor|Air Chief Marshal|Air Marshal|Admiral|Vice Admiral|Rear Admiral|
    General|Lieutenant General|Lt Gen|Major General|Maj Gen|Chief of Defence Staff|
    Chief of Army Staff|Chief of Naval Staff|Chief of the Air Staff|Ambassador|Minister|
    Chancellor|Commander-in-Chief|Chief of the General Staff
"""
_HI_TITLES = """
    रक्षा मंत्री|विदेश मंत्री|गृह मंत्री|वित्त मंत्री|रक्षा राज्य मंत्री|रक्षा सचिव|विदेश सचिव|
    एयर चीफ मार्शल|एयर मार्शल|जनरल|लेफ्टिनेंट जनरल|मेजर जनरल|एडमिरल|वाइस एडमिरल|राष्ट्रपति|
    उपराष्ट्रपति|प्रधानमंत्री|प्रधान मंत्री|उप प्रधानमंत्री|उप प्रधान मंत्री|राजदूत|
    राष्ट्रीय सुरक्षा सलाहकार|सेना प्रमुख|थल सेना प्रमुख|नौसेना प्रमुख|वायुसेना प्रमुख|
    चीफ ऑफ डिफेंस स्टाफ|उप रक्षा मंत्री|उप विदेश मंत्री
"""
_EN_HEADS = """
    Ministry|Council|Commission|Corporation|Agency|Bureau|Organisation|Organization|Authority|
    Command|Committee|Board|Directorate|Department|Air Force|Navy|Army|Coast Guard|Limited|
    Industries|Shipyard|Shipyards
"""
_HI_HEADS = "मंत्रालय|परिषद|आयोग|निगम|प्राधिकरण|निदेशालय|लिमिटेड|ब्यूरो|एजेंसी|विभाग|कमान"
_HI_SERVICES = "सेना|वायुसेना|वायु सेना|नौसेना|थलसेना|थल सेना|तटरक्षक बल"
# Heads that may also open the name: "Ministry of Defence", "Council of Europe".
_OF_HEADS = frozenset("Ministry Council Commission Bureau Board Department Directorate Agency "
                      "Committee Authority".split())

_TITLE_EN, _TITLE_HI, _HEAD_EN, _HEAD_HI, _SERVICE_HI = "te", "th", "he", "hh", "sh"


def _words(spec: str) -> list[str]:
    return [w.strip() for w in spec.split("|") if w.strip()]


@lru_cache(maxsize=1)
def anchor_words() -> Words:
    """Titles and head words, folded as aliases are: value (kind, folded length)."""
    words = []
    for kind, spec in ((_TITLE_EN, _EN_TITLES), (_TITLE_HI, _HI_TITLES), (_HEAD_EN, _EN_HEADS),
                       (_HEAD_HI, _HI_HEADS), (_SERVICE_HI, _HI_SERVICES)):
        for word in _words(spec):
            form = fold_alias(word)
            words.append((form, (kind, len(form))))
    return Words(words)


def _anchor_spans(text: str, folded: Folded, stop: int):
    """(kind, start, end) of titles and head words in `text`, leftmost-longest, in text order.

    What Matcher.find does, with the cheap refusals first: most hits in a report are lower-case
    ("the minister", "army") or an armed service without a nation before it, and are dropped
    before their boundaries are checked or their offsets mapped back.
    """
    ft = folded.text
    hits = []
    for last, (kind, length) in anchor_words().hits(folded):
        b = last + 1
        a = b - length
        if kind == _SERVICE_HI:
            before = ft[ft.rfind(" ", 0, max(0, a - 1)) + 1 : a - 1] if a >= 2 else ""
            if before not in _DEMONYMS_HI:
                continue  # "इस सेना", "सेना के": no nation, no name
        if kind in (_TITLE_EN, _HEAD_EN) and not text[folded.to_source(a)].isupper():
            continue
        if _starts_word(folded, a) and _ends_word(folded, b):
            hits.append((a, -b, kind))
    hits.sort()
    taken_until = 0
    for a, neg_b, kind in hits:
        if a < taken_until:
            continue
        taken_until = -neg_b
        start, end = folded.source_span(a, -neg_b)
        if start >= stop:
            return
        yield kind, start, end


# English words that are capitalised without being (part of) a name.
_NOT_NAME_EN = frozenset("""
    The An And Of In On At For To By With From As Is Was Are Were Has Had Have Said Says
    Told Will Would Also But Or Not Who Which That This These Those It Its He She They His Her
    Their Our We I Mr Mrs Ms Dr Shri Smt Sir Minister Ministry Secretary General Staff Chief
    Council Office Department Government House Assembly Affairs Defence Defense Foreign
    External Home Finance Deputy Prime President Vice Army Navy Air Force Marshal Admiral
    Electric Dynamics Atomics Motors Mills Election Elections Court Manager Director Counsel
    Meeting Meetings Summit Committee Commission Corporation Agency Bureau Headquarters Board
    Command State Security National Federation Republic Union Ambassador Embassy Statement
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Today Yesterday Tomorrow
    Meets Met Visits Visited Says Calls Urges Holds Held Signs Signed Talks Discusses Arrives
    New Delhi Moscow Beijing Washington Russia India China Russian Indian Chinese American
""".split())
# Words that open a sentence or a clause and belong to no name.
_LEAD_EN = frozenset("""
    The A An This That These Those Its Their His Her Our Both Each Every Meanwhile However But
    And Also Yesterday Today Earlier Later Last Next When While After Before Under Since If As
    On In At By For From With Without Then Now According Besides Separately Officials Sources
    Of To Some Many Several Such Other Another Any All No Former New
""".split())
_HONORIFICS_EN = frozenset("Mr Mrs Ms Dr Shri Smt Sir".split())

# Hindi: postpositions, auxiliaries and conjunctions end a name; common words are never in one.
_STOP_HI = frozenset("""
    ने को के की का से में और है हैं था थे थी पर तथा एवं व भी ही द्वारा तक लिए साथ बीच बाद
    पहले ओर तरफ संग समेत सहित समेत रहे रहा रही करेंगे करेगा करेगी कहा कहते कहती बताया
""".split())
_COMMON_HI = _STOP_HI | frozenset("""
    यह वह इस उस इन उन ये वे एक दो तीन कुछ कई सभी सब अपने अपनी अपना उनके उनकी उनका उन्होंने
    इसके इसकी इसका जो जिस जिन कि न नहीं अब तो फिर यहां वहां आज कल सरकार बैठक देश देशों
    दोनों सहयोग बढ़ाने सहमति बनी आगे योजना काम जारी रहेगा अधिकारियों अनुसार परियोजना
    समीक्षा अगले महीने होगी मंत्री प्रतिनिधिमंडल उद्योग उत्पादन तकनीक प्रणाली समझौता
    प्रस्ताव बजट लागत सेना नौसेना वायुसेना अभ्यास प्रशिक्षण सुरक्षा क्षेत्र नीति निर्णय
    रिपोर्ट सूत्रों विशेषज्ञों गया गई गए हुई हुआ हुए किया किए की होगा होंगे होगी सप्ताह
    मंत्रालय परिषद आयोग निगम विभाग नई नए नया बड़ी बड़ा बड़े मुख्य पूर्व वर्तमान श्री श्रीमती
    डॉ डॉ. जनरल राष्ट्रपति प्रधानमंत्री राजदूत सचिव विदेश मार्शल एयर चीफ प्रमुख
""".split())
_HONORIFICS_HI = frozenset(("श्री", "श्रीमती", "डॉ", "डॉ."))
# Before an armed service, only a nation (or its branch) makes a name: "भारतीय वायुसेना".
_DEMONYMS_HI = frozenset("""
    भारतीय रूसी चीनी अमेरिकी पाकिस्तानी फ्रांसीसी ब्रिटिश इजरायली ईरानी यूक्रेनी जापानी जर्मन
    थल जल वायु संयुक्त
""".split())

_EN_NAME_WORD = re.compile(r"[A-ZÀ-Þ](?:[a-zß-ÿ]+(?:[A-Z][a-zß-ÿ]+)?(?:-[A-Z]?[a-zß-ÿ]+)?|\.?)"
                           r"(?!\w)")
_EN_CAP_WORD = re.compile(r"(?:[A-ZÀ-Þ][A-Za-zß-ÿ]*(?:-[A-Za-z]+)*|&)(?![\w'’])")
_HI_WORD = re.compile(rf"[{_DEVA_LETTER}]+\.?")
_GAP = re.compile(r"[ \u00a0]")  # names are spaced by one space, not by a line break


def _en_words_after(text: str, at: int, limit: int) -> list[tuple[int, int]]:
    spans = []
    while len(spans) < limit and at < len(text) and _GAP.match(text, at):
        m = _EN_NAME_WORD.match(text, at + 1)
        if m is None:
            break
        spans.append(m.span())
        at = m.end()
        if text[at : at + 1] in ("'", "’"):
            break  # "Modi's visit": the name ends with the possessive
    return spans


def _en_words_before(text: str, at: int, limit: int) -> list[tuple[int, int]]:
    """Capitalised words right before `at`, nearest last."""
    spans: list[tuple[int, int]] = []
    while len(spans) < limit and at >= 2 and _GAP.match(text, at - 1):
        j = at - 1
        while j > 0 and (text[j - 1].isalnum() or text[j - 1] in "-&"):
            j -= 1
        m = _EN_CAP_WORD.fullmatch(text, j, at - 1)
        if m is None:
            break
        spans.insert(0, (j, at - 1))
        at = j
    return spans


def _person_en(text: str, a: int, b: int) -> tuple[int, int] | None:
    if not text[a].isupper():
        return None  # "the defence minister said": a description, not a title
    if text[b : b + 1] == ".":
        b += 1  # "Gen. Zhang"
    words = _en_words_after(text, b, 5)
    names = []
    for s, e in words:
        if text[s:e].rstrip(".") in _NOT_NAME_EN:
            break
        names.append((s, e))
    while names and text[names[0][0]:names[0][1]].rstrip(".") in _HONORIFICS_EN:
        names.pop(0)
    if len(names) > 4:
        return None  # five capitalised words in a row: a headline or a list, not a name
    while names and names[-1][1] - names[-1][0] <= 2:
        names.pop()  # a trailing initial belongs to the next name, if to any
    if not names or all(e - s <= 2 for s, e in names):
        return None
    return names[0][0], names[-1][1]


def _organisation_en(text: str, a: int, b: int) -> tuple[int, int] | None:
    head = text[a:b]
    if not head[0].isupper():
        return None
    end = b
    if head in _OF_HEADS and text[b : b + 4] == " of ":
        after = _en_words_after(text, b + 3, 3)
        if after and text[after[0][0]:after[0][1]] not in _LEAD_EN:
            end = after[-1][1]
    before = _en_words_before(text, a, 4)
    while before and text[before[0][0]:before[0][1]] in _LEAD_EN:
        before.pop(0)
    if any(text[s:e] in ("&",) for s, e in before[:1]):
        return None
    start = before[0][0] if before else a
    if start == a and end == b:
        return None  # a head word alone: "the Council", "Army"
    # Part of a longer name: "People's Liberation Army", "Research and Development Organisation".
    lead = text[max(0, start - 20):start]
    if re.search(r"[A-Z]\w*['’]s $|[A-Z]\w* (?:and|of|for|&) $", lead):
        return None
    return start, end


def _hi_words_after(text: str, at: int, limit: int) -> tuple[list[tuple[int, int]], bool]:
    """Up to `limit` words after `at`; and whether a stop word or punctuation ends them."""
    spans = []
    while at < len(text) and _GAP.match(text, at):
        m = _HI_WORD.match(text, at + 1)
        if m is None:
            return spans, True  # punctuation, a digit or another script
        if m.group().rstrip(".") in _STOP_HI:
            return spans, True
        if len(spans) == limit:
            return spans, False
        spans.append(m.span())
        at = m.end()
    return spans, at >= len(text) or not text[at].isalnum()


def _person_hi(text: str, a: int, b: int) -> tuple[int, int] | None:
    words, ended = _hi_words_after(text, b, 4)
    while words and text[words[0][0]:words[0][1]] in _HONORIFICS_HI:
        words.pop(0)
    if not ended or not words or len(words) > 3:
        return None
    if any(text[s:e].rstrip(".") in _COMMON_HI for s, e in words):
        return None
    if all(text[e - 1] == "." for _, e in words):
        return None  # initials alone
    return words[0][0], words[-1][1]


def _hi_words_before(text: str, at: int, limit: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    while len(spans) < limit and at >= 2 and _GAP.match(text, at - 1):
        j = at - 1
        while j > 0 and (text[j - 1] in _DEVA_SET):
            j -= 1
        word = text[j : at - 1]
        if not word or word in _COMMON_HI:
            break
        spans.insert(0, (j, at - 1))
        at = j
    return spans


_DEVA_SET = frozenset(chr(c) for c in range(0x0900, 0x0964)) | frozenset(
    chr(c) for c in range(0x0970, 0x0980))


def _organisation_hi(text: str, a: int, b: int, service: bool) -> tuple[int, int] | None:
    before = _hi_words_before(text, a, 1 if service else 3)
    if not before:
        return None
    if service and text[before[0][0]:before[0][1]] not in _DEMONYMS_HI:
        return None
    return before[0][0], b


# --- the whole pass ------------------------------------------------------------------------------

def _headline(text: str, pos: int, cache: dict) -> bool:
    """Whether the line holding `pos` is a headline: no full stop, and its words (short
    function words aside) capitalised, as in "Defence Minister Meets Russian Counterpart"."""
    start = text.rfind("\n", 0, pos) + 1
    if start not in cache:
        end = text.find("\n", pos)
        line = text[start : end if end != -1 else len(text)].rstrip()
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", line) if w not in _SMALL_WORDS]
        capitals = sum(1 for w in words if w[0].isupper())
        cache[start] = (len(words) >= 4 and capitals >= 0.75 * len(words)
                        and not line.endswith(".") and ". " not in line)
    return cache[start]


_SMALL_WORDS = frozenset("a an the of and or in on at to for with by from as vs".split())


def _overlaps(spans: Sequence[tuple[int, int]], starts: Sequence[int], a: int, b: int) -> bool:
    i = bisect_right(starts, b - 1) - 1  # the last matched span starting before b
    while i >= 0:
        s, e = spans[i]
        if e > a:
            return True
        if s < a - 200:
            return False  # no alias is that long
        i -= 1
    return False


def find_candidates(text: str, matched: Sequence[tuple[int, int]] = (),
                    folded: Folded | None = None, *, stop: int | None = None
                    ) -> list[Candidate]:
    """Candidate names in `text`, in text order, each occurrence once.

    `matched`: (start, end) spans the aliases already matched; nothing overlapping them is a
    candidate. `folded`: `fold(text)`, when the caller has it. `stop`: ignore everything from
    there on (page furniture after the report).
    """
    stop = len(text) if stop is None else stop
    spans = sorted(matched)
    starts = [s for s, _ in spans]
    found: list[Candidate] = []

    def keep(a: int, b: int, kind: str, key: str | None = None) -> None:
        if b <= stop and not _overlaps(spans, starts, a, b):
            written = text[a:b]
            found.append(Candidate(key or fold_alias(written), written, kind, a, b))

    for m in _designations(text, stop):
        hit = _designation(m)
        if hit is not None:
            keep(hit[0], hit[1], PLATFORM, hit[2])

    lines: dict[int, bool] = {}
    for kind, a, b in _anchor_spans(text, folded if folded is not None else fold(text), stop):
        if kind == _TITLE_EN:
            span, guess = _person_en(text, a, b), PERSON
        elif kind == _HEAD_EN:
            span, guess = _organisation_en(text, a, b), ORGANISATION
        elif kind == _TITLE_HI:
            span, guess = _person_hi(text, a, b), PERSON
        else:
            span, guess = _organisation_hi(text, a, b, kind == _SERVICE_HI), ORGANISATION
        if span is not None and not (kind in (_TITLE_EN, _HEAD_EN) and _headline(text, a, lines)):
            keep(span[0], span[1], guess)
    found.sort(key=lambda c: c.start)
    return found
