"""Spelling variants of names: the forms an alias takes in other writers' hands.

Hindi reporting transliterates foreign names by ear, so one person turns up as बेलौसोव,
बेलोसोव and बेलौसेव, and a Chinese name as झांग or झाङ्ग. Editors list the usual spellings as
aliases; the rest are generated here, at automaton build time, so extraction costs nothing more
per article.

Every variable spot of a folded alias is a *site* with a small set of interchangeable spellings:

* vowel length: ि/ी, ु/ू and the independent इ/ई, उ/ऊ;
* the diphthong pairs े/ै, ो/ौ, ए/ऐ, ओ/औ;
* anusvara before a stop and the nasal of that stop's row with virama: झांग = झाङ्ग,
  आंद्रे = आन्द्रे, संपर्क = सम्पर्क (nukta and candrabindu are already folded away);
* the Russian surname ending -ov/-ev (-ova/-eva): बेलौसोव = बेलौसेव, and its long forms;
* a final -ya after a consonant: नताल्या = नतालिया = नतालीया.

The *skeleton* of a form writes every site as one representative spelling, so two spellings of
one name have one skeleton. Generated variants keep the skeleton of the alias they come from,
which is what keeps them bounded (``variant_forms``):

* an alias whose skeleton is also the skeleton of another entity's alias gets no variants at
  all: two names that are spelling variants of each other belong to different entities, so only
  the exact spellings can tell them apart;
* an alias whose skeleton is that of a common Hindi word (``COMMON_WORDS``) gets none either;
* an alias shorter than ``MIN_AKSHARAS`` letters (शी, मोदी) gets only the anusvara spelling,
  which never changes the word: a long or short vowel is most of a short name;
* consonants never vary, so names that differ by a consonant (बेलौसोव, बेलौकोव) never merge;
* a variant changes at most ``MAX_CHANGES`` sites and an alias yields at most ``MAX_VARIANTS``.

Designations ending in letters also get their English plural ("Su-30MKIs"), which the matcher's
plural rule (a lower-case s after the final digit, as in "S-400s") does not reach.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from itertools import combinations, product

from .normalise import fold_alias

__all__ = ["COMMON_WORDS", "MAX_CHANGES", "MAX_VARIANTS", "MIN_AKSHARAS", "devanagari_variants",
           "is_variant_of", "skeleton", "variant_forms", "variant_of"]

MIN_AKSHARAS = 3
MAX_CHANGES = 2
MAX_VARIANTS = 64

_ANUSVARA = "\u0902"
_VIRAMA = "\u094d"
# Vowel signs and independent vowels that writers lengthen or shorten at will.
_LENGTH = {"ि": "ी", "ी": "ि", "ु": "ू", "ू": "ु", "े": "ै", "ै": "े", "ो": "ौ", "ौ": "ो",
           "इ": "ई", "ई": "इ", "उ": "ऊ", "ऊ": "उ", "ए": "ऐ", "ऐ": "ए", "ओ": "औ", "औ": "ओ"}
_OV_EV = ("ो", "ौ", "े", "ै")  # before a final व (वा): Белоусов is written -ov and -ev
_YA = ("ि", "ी", _VIRAMA)  # before a final या: -iya, -iiya, -ya
# The five rows of stops with their nasal: anusvara before a stop is that nasal with virama.
_NASAL_OF = {}
for _row in ("कखगघङ", "चछजझञ", "टठडढण", "तथदधन", "पफबभम"):
    for _stop in _row[:4]:
        _NASAL_OF[_stop] = _row[4]
_CONSONANTS = frozenset(chr(c) for c in range(0x0915, 0x093A)) | frozenset("\u0958\u0959\u095a"
                                                                          "\u095b\u095c\u095d"
                                                                          "\u095e\u095f")
_INDEPENDENT_VOWELS = frozenset(chr(c) for c in range(0x0904, 0x0915)) | {"\u0960", "\u0961"}


def _devanagari_letter(ch: str) -> bool:
    """A Devanagari letter or sign, i.e. part of a Devanagari word (not danda, not a digit)."""
    return "\u0900" <= ch <= "\u0963" or "\u0971" <= ch <= "\u097f"


# Frequent Hindi words (function words, verbs of reporting, words of the defence beat). A name
# whose spellings include one of them is matched only as the alias is written.
COMMON_WORDS = frozenset("""
    है हैं था थी थे हो होगा होगी होंगे होने होता होती हुआ हुई हुए रहा रही रहे रहेगा
    का की के को ने में से पर तक और या भी तो ही न नहीं ना कि जो जब तब अब यह वह ये वे
    इस उस इन उन इसे उसे इसके उसके इनके उनके इसकी उसकी उनकी इसका उसका उनका इसमें उसमें
    एक दो तीन चार पांच सौ हजार लाख करोड़ साथ बाद पहले बीच लिए लिये द्वारा बारे अपने अपनी
    अपना कर करना करने करते करती किया किए किये गया गई गए गये दिया दिए दी दे देने लेने लिया
    कहा कहना कहते बताया बताते सकता सकती सकते चाहिए जाता जाती जाते जाएगा जाएगी
    आज कल साल वर्ष दिन महीने समय बात बातचीत बैठक दौरा दौरे देश देशों सरकार मंत्री
    प्रधानमंत्री राष्ट्रपति रक्षा सेना सैन्य सहयोग समझौता समझौते सौदा सौदे खरीद आपूर्ति
    विमान मिसाइल प्रणाली हथियार तकनीक उत्पादन भारत भारतीय रूस रूसी चीन चीनी अमेरिका
    दोनों सभी कई कुछ कोई किसी सबसे बहुत अधिक ज्यादा कम बड़ा बड़ी बड़े नया नई नए
    लेकिन क्योंकि इसलिए जबकि यदि अगर फिर वहां यहां जहां कहां कैसे क्या क्यों कौन
    उन्होंने उन्हें इन्हें हमें हम आप मैं तुम उनसे इससे जिसमें जिसके जिसकी जिन्होंने
    मुलाकात वार्ता सम्मेलन शिखर संगठन मंत्रालय अधिकारी अधिकारियों सूत्रों रिपोर्ट खबर
""".split())


def _word_ends(form: str, i: int) -> bool:
    return i >= len(form) or not _devanagari_letter(form[i])


def _sites(form: str) -> list[tuple[int, int, tuple[str, ...], bool]]:
    """(start, end, spellings, orthographic) for each variable spot of a folded form.

    ``spellings`` starts with the one written; the set is the same whichever member is written,
    so every spelling of a name has the same sites and the same skeleton. ``orthographic``: the
    spellings are one word however short (anusvara), not different vowels.
    """
    sites = []
    n = len(form)
    taken = 0  # a nasal with virama spans two characters
    for m in _CANDIDATE.finditer(form):
        i = m.start()
        if i < taken:
            continue
        ch = form[i]
        after = form[i + 1] if i + 1 < n else ""
        if ch == _ANUSVARA:
            if after in _NASAL_OF:
                sites.append((i, i + 1, (ch, _NASAL_OF[after] + _VIRAMA), True))
        elif after == _VIRAMA and i + 2 < n and _NASAL_OF.get(form[i + 2]) == ch:
            sites.append((i, i + 2, (ch + _VIRAMA, _ANUSVARA), True))
            taken = i + 2
        elif (ch in _OV_EV and after == "व"
              and (_word_ends(form, i + 2) or (form[i + 2] == "ा" and _word_ends(form, i + 3)))):
            sites.append((i, i + 1, (ch, *(v for v in _OV_EV if v != ch)), False))
        elif (ch in _YA and form.startswith("या", i + 1) and _word_ends(form, i + 3)
              and i > 0 and form[i - 1] in _CONSONANTS):
            sites.append((i, i + 1, (ch, *(v for v in _YA if v != ch)), False))
        elif ch in _LENGTH:
            sites.append((i, i + 1, (ch, _LENGTH[ch]), False))
    return sites


# Where a site can start: found by one regex, so Python only looks at those places.
_CANDIDATE = re.compile("[" + _ANUSVARA + _VIRAMA + "ङञणनम" + "".join(_LENGTH) + "]")


def skeleton(form: str) -> str:
    """One spelling for every site of a folded form: equal for all spellings of one name."""
    return _skeleton(form, _sites(form))


def _skeleton(form: str, sites: list) -> str:
    pieces = []
    done = 0
    for start, end, spellings, _ in sites:
        pieces.append(form[done:start])
        pieces.append(min(spellings))
        done = end
    pieces.append(form[done:])
    return "".join(pieces)


_COMMON_SKELETONS = frozenset(skeleton(word) for word in COMMON_WORDS)


def _aksharas(form: str) -> int:
    return sum(1 for ch in form if ch in _CONSONANTS or ch in _INDEPENDENT_VOWELS)


def _is_devanagari_name(form: str) -> bool:
    """Devanagari letters only (and spaces, dots): no digits, no other script."""
    return bool(_DEVANAGARI.search(form)) and all(
        _devanagari_letter(ch) or not ch.isalnum() for ch in form)


_DEVANAGARI = re.compile("[\u0900-\u0963\u0971-\u097f]")


def _variants_of_form(form: str, limit: int, max_changes: int) -> list[str]:
    if not _is_devanagari_name(form):
        return []
    sites = _sites(form)
    if not sites or _skeleton(form, sites) in _COMMON_SKELETONS:
        return []
    if _aksharas(form) < MIN_AKSHARAS:
        sites = [site for site in sites if site[3]]
    found: list[str] = []
    # Fewest changes first, so a cut at `limit` keeps the spellings closest to the alias.
    for changes in range(1, min(max_changes, len(sites)) + 1):
        for chosen in combinations(sites, changes):
            for picks in product(*(spellings[1:] for _, _, spellings, _ in chosen)):
                pieces = []
                done = 0
                for (start, end, _, _), pick in zip(chosen, picks):
                    pieces += [form[done:start], pick]
                    done = end
                pieces.append(form[done:])
                found.append("".join(pieces))
                if len(found) >= limit:
                    return found
    return found


def devanagari_variants(alias: str, *, limit: int = MAX_VARIANTS,
                        max_changes: int = MAX_CHANGES) -> set[str]:
    """Folded spelling variants of a Devanagari name, the alias's own folded form left out.

    Empty for anything but a Devanagari name, and for a name whose spellings include a common
    Hindi word. A name of fewer than ``MIN_AKSHARAS`` letters gets only its anusvara spellings.
    This does not know the other aliases: ``variant_forms`` drops what would merge two entities.
    """
    return set(_variants_of_form(fold_alias(alias), limit, max_changes))


def _plural(form: str) -> str:
    """"su30mkis" for "su30mki": English plural of a designation that ends in letters, or ""."""
    last = form.rpartition(" ")[2]
    if form[-1:].isascii() and form[-1:].isalpha() and form[-1] != "s" and any(
            ch.isdigit() for ch in last):
        return form + "s"
    return ""


def variant_forms(aliases: Iterable[tuple[str, Hashable, bool]], *, limit: int = MAX_VARIANTS,
                  max_changes: int = MAX_CHANGES) -> dict[str, str]:
    """{variant form: folded alias it spells} for a whole alias table.

    ``aliases``: ``(folded form, owner, vary)`` for every alias the automaton holds; ``owner``
    is the entity, ``vary`` says whether to spell the name in other ways (persons and places).
    A variant never equals an alias's own form, and never comes from an alias whose skeleton
    another owner's alias shares (see the module docstring). When two aliases of one owner
    yield the same variant, the first alias given keeps it.
    """
    rows = list(aliases)
    forms = {form for form, _, _ in rows}
    owners: dict[str, Hashable] = {}  # skeleton -> its one owner, or _SHARED
    skeletons: dict[str, str] = {}
    for form, owner, _ in rows:
        if _DEVANAGARI.search(form):
            key = skeletons.get(form)
            if key is None:
                key = skeletons[form] = skeleton(form)
            if owners.setdefault(key, owner) != owner:
                owners[key] = _SHARED
    found: dict[str, str] = {}
    done: set[str] = set()
    for form, _, vary in rows:
        if form in done:
            continue
        done.add(form)
        plural = _plural(form)
        if plural and plural not in forms:
            found.setdefault(plural, form)
        if not vary or form not in skeletons or owners[skeletons[form]] is _SHARED:
            continue
        for variant in _variants_of_form(form, limit, max_changes):
            if variant not in forms:
                found.setdefault(variant, form)
    return found


_SHARED = object()


def is_variant_of(text: str, alias_form: str) -> bool:
    """True when ``text`` (as written) is a generated spelling of the alias whose folded form
    is ``alias_form``, not that alias itself."""
    form = fold_alias(text)
    if form == alias_form:
        return False
    return skeleton(form) == skeleton(alias_form) or form == _plural(alias_form)


def variant_of(text: str, alias_text: str | None, alias_form: str | None) -> str | None:
    """``alias_text`` when ``text`` is a generated spelling of that alias, else None (the alias
    as listed, in any case or dashes; or no alias). The fast path costs one comparison."""
    if alias_text is None or alias_form is None or text == alias_text:
        return None
    return alias_text if is_variant_of(text, alias_form) else None
