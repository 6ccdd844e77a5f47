"""Deterministic synthetic corpus: aliases and Hindi/English articles with planted mentions.

Used by the extraction benchmark here and imported by the ingestion and API
benchmarks, so it must stay fast (well over 5,000 articles/s) and must give
the same output for the same seed on every machine.

    python bench/corpus.py --articles 1000 --aliases 20000 --out DIR

writes ``DIR/aliases.jsonl``, ``DIR/articles.jsonl`` and, unless ``--no-txt``,
one ``DIR/articles/NNNNNN.txt`` per article.

Importable: ``make_aliases(n, seed)``, ``make_articles(n, aliases, seed,
size)`` and the streaming ``iter_articles`` (same arguments) for corpora too
large to hold in memory.

None of the text is taken from real articles: the filler vocabulary and the
sentence templates below were written for this file.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from procurement.text import fold_alias  # noqa: E402


@dataclass(frozen=True)
class SynthAlias:
    alias_id: int
    entity_id: int
    kind: str  # "platform" | "person" | "organisation"
    text: str


@dataclass(frozen=True)
class SynthArticle:
    article_id: int
    language: str  # "hi" | "en"
    title: str
    text: str  # title line, blank line, dateline (usually), body
    published_on: datetime.date | None  # what the dateline says; None when there is none
    mentions: tuple[tuple[int, int, int], ...]  # (alias_id, start, end) into text


# Entities a reader of the real articles would know, with their usual spellings.
REAL_ENTITIES: list[tuple[str, list[str]]] = [
    ("platform", ["S-400", "एस-400", "S400", "Triumf", "ट्रायम्फ"]),
    ("platform", ["Su-30 MKI", "एसयू-30 एमकेआई", "Su-30MKI"]),
    ("platform", ["Su-57", "एसयू-57"]),
    ("platform", ["MiG-29", "मिग-29"]),
    ("platform", ["T-90", "टी-90", "Bhishma"]),
    ("platform", ["BrahMos", "ब्रह्मोस"]),
    ("platform", ["Ka-226", "कामोव"]),
    ("platform", ["AK-203", "एके-203"]),
    ("platform", ["INS Vikramaditya", "आईएनएस विक्रमादित्य"]),
    ("platform", ["Igla-S", "इग्ला-एस"]),
    ("platform", ["Pantsir", "पंतसिर"]),
    ("organisation", ["SCO", "एससीओ", "शंघाई सहयोग संगठन", "Shanghai Cooperation Organisation"]),
    ("organisation", ["BRICS", "ब्रिक्स"]),
    ("organisation", ["IRIGC-M&MTC"]),
    ("organisation", ["HAL", "Hindustan Aeronautics", "हिंदुस्तान एयरोनॉटिक्स"]),
    ("organisation", ["DRDO", "डीआरडीओ"]),
    ("organisation", ["Rosoboronexport", "रोसोबोरोनएक्सपोर्ट"]),
    ("organisation", ["Rostec", "रोस्टेक"]),
    ("organisation", ["Ministry of Defence", "MoD", "रक्षा मंत्रालय"]),
    ("person", ["Rajnath Singh", "राजनाथ सिंह"]),
    ("person", ["Andrey Belousov", "आंद्रे बेलौसोव", "एंड्री बेलौसोव", "बेलौसोव"]),
    ("person", ["Vladimir Putin", "व्लादिमीर पुतिन", "पुतिन", "Putin"]),
    ("person", ["Narendra Modi", "नरेंद्र मोदी", "मोदी", "Modi"]),
    ("person", ["S. Jaishankar", "एस. जयशंकर", "जयशंकर", "Jaishankar"]),
    ("person", ["Sergey Lavrov", "सेर्गेई लावरोव", "लावरोव", "Lavrov"]),
    ("person", ["Sergei Shoigu", "सर्गेई शोइगु", "शोइगु", "शोइगू", "Shoigu"]),
]

# Syllables with parallel Latin and Devanagari spellings, so a generated
# entity gets a Latin alias and a matching Devanagari one.
_SYLLABLES = [
    ("ka", "का"), ("ro", "रो"), ("vin", "विन"), ("mar", "मार"), ("te", "ते"), ("lo", "लो"),
    ("dra", "द्रा"), ("su", "सु"), ("nik", "निक"), ("vo", "वो"), ("ran", "रन"), ("pe", "पे"),
    ("sha", "शा"), ("gor", "गोर"), ("mi", "मी"), ("tal", "ताल"), ("ze", "ज़े"), ("bor", "बोर"),
    ("du", "डु"), ("lek", "लेक"), ("na", "ना"), ("vik", "विक"), ("os", "ओस"), ("ter", "टेर"),
    ("ya", "या"), ("khan", "ख़ान"), ("li", "ली"), ("mo", "मो"), ("rev", "रेव"), ("sin", "सिन"),
]
_PREFIXES = ["KR", "TV", "ZM", "PL", "VX", "NR", "BT", "GS", "RK", "MD", "YT", "AR"]
_PREFIXES_DEVA = ["केआर", "टीवी", "ज़ेडएम", "पीएल", "वीएक्स", "एनआर", "बीटी", "जीएस", "आरके", "एमडी", "वाईटी", "एआर"]

_HI_WORDS = (
    "सरकार ने बैठक में कहा कि दोनों देशों के बीच सहयोग बढ़ाने पर सहमति बनी है और आगे की "
    "योजना पर काम जारी रहेगा अधिकारियों के अनुसार परियोजना की समीक्षा अगले महीने होगी "
    "मंत्री प्रतिनिधिमंडल रक्षा उद्योग उत्पादन तकनीक प्रणाली समझौता प्रस्ताव बजट लागत "
    "सेना नौसेना वायुसेना अभ्यास प्रशिक्षण सुरक्षा क्षेत्र नीति निर्णय रिपोर्ट सूत्रों "
    "विशेषज्ञों बताया गया था थे हुई हुआ किया गया भी यह वह इस उस साथ लिए तक से पर को"
).split()
_EN_WORDS = (
    "the government said on thursday that both sides agreed to expand cooperation and "
    "continue work on the plan officials noted that the project review will take place "
    "next month minister delegation defence industry production technology system "
    "agreement proposal budget cost army navy air force exercise training security "
    "region policy decision report sources experts was were had been also this that "
    "with for from into over under after before while"
).split()
_HI_SLOTS = [
    "{} को लेकर अधिकारियों ने नई जानकारी दी।",
    "बैठक में {} पर विस्तार से बात हुई।",
    "सूत्रों ने बताया कि {} की समय-सीमा तय की गई है।",
    "{} के बारे में अगले सप्ताह फैसला होगा।",
]
_EN_SLOTS = [
    "Officials gave an update on {} this week.",
    "The talks covered {} in some detail.",
    "Sources said a timeline for {} has been set.",
    "A decision about {} is expected next week.",
]
_HI_MONTHS = ["जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर"]
_EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
_HI_PLACES = ["नई दिल्ली", "मॉस्को", "बेंगलुरु", "मुंबई"]
_EN_PLACES = ["New Delhi", "Moscow", "Bengaluru", "Mumbai"]


def make_aliases(n: int = 20_000, seed: int = 0) -> list[SynthAlias]:
    """The real-looking aliases first, then generated ones, ``n`` in all, distinct when folded."""
    rng = random.Random(seed)
    aliases: list[SynthAlias] = []
    seen: set[str] = set()

    def add(entity_id: int, kind: str, text: str) -> None:
        form = fold_alias(text)
        if len(aliases) < n and form and form not in seen:
            seen.add(form)
            aliases.append(SynthAlias(len(aliases) + 1, entity_id, kind, text))

    for entity_id, (kind, texts) in enumerate(REAL_ENTITIES, start=1):
        for text in texts:
            add(entity_id, kind, text)
    entity_id = len(REAL_ENTITIES)
    while len(aliases) < n:
        entity_id += 1
        roll = rng.random()
        if roll < 0.3:  # a designation: KR-417 / केआर-417
            i = rng.randrange(len(_PREFIXES))
            number = rng.randrange(10, 1000)
            add(entity_id, "platform", f"{_PREFIXES[i]}-{number}")
            add(entity_id, "platform", f"{_PREFIXES_DEVA[i]}-{number}")
        else:  # a two-word name of an organisation or person, in both scripts
            first = [rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))]
            last = [rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))]
            kind = "person" if roll < 0.8 else "organisation"
            latin = "".join(s[0] for s in first).title() + " " + "".join(s[0] for s in last).title()
            deva = "".join(s[1] for s in first) + " " + "".join(s[1] for s in last)
            add(entity_id, kind, latin)
            add(entity_id, kind, deva)
    return aliases


class _Pool:
    """Pre-made filler sentences and mention sentences for one language."""

    def __init__(self, rng: random.Random, words: list[str], end: str, size: int = 600) -> None:
        self.sentences = []
        for _ in range(size):
            words_in = rng.choices(words, k=rng.randint(8, 20))
            sentence = " ".join(words_in) + end
            self.sentences.append((sentence, len(sentence.encode())))


def iter_articles(
    n: int,
    aliases: Sequence[SynthAlias],
    seed: int = 0,
    size: int = 6000,
    mentions: int = 10,
    hindi_share: float = 0.7,
) -> Iterator[SynthArticle]:
    """Yield ``n`` articles of about ``size`` UTF-8 bytes with ``mentions`` planted mentions each."""
    rng = random.Random(seed)
    pools = {"hi": _Pool(rng, _HI_WORDS, "।"), "en": _Pool(rng, _EN_WORDS, ".")}
    slots = {"hi": _HI_SLOTS, "en": _EN_SLOTS}
    latin = [a for a in aliases if a.text.isascii()]
    real = [a for a in aliases if a.entity_id <= len(REAL_ENTITIES)]
    real_latin = [a for a in real if a.text.isascii()]
    for article_id in range(1, n + 1):
        language = "hi" if rng.random() < hindi_share else "en"
        # Half the mentions are of the well-known entities, half of anyone.
        hot, anyone = (real, aliases) if language == "hi" else (real_latin, latin)
        chosen = [rng.choice(hot if rng.random() < 0.5 else anyone) for _ in range(mentions)]
        yield _article(rng, article_id, language, pools[language], slots[language], chosen, size)


def make_articles(
    n: int,
    aliases: Sequence[SynthAlias],
    seed: int = 0,
    size: int = 6000,
    mentions: int = 10,
) -> list[SynthArticle]:
    """``list(iter_articles(...))``."""
    return list(iter_articles(n, aliases, seed, size, mentions))


def _article(
    rng: random.Random,
    article_id: int,
    language: str,
    pool: _Pool,
    slot_templates: list[str],
    chosen: list[SynthAlias],
    size: int,
) -> SynthArticle:
    published_on: datetime.date | None = None
    title_alias = chosen[0]
    template = rng.choice(slot_templates)
    title = template.format(title_alias.text)
    parts = [title, "\n\n"]
    planted = [(title_alias.alias_id, template.index("{}"), template.index("{}") + len(title_alias.text))]
    pos = len(title) + 2
    if rng.random() < 0.8:
        published_on = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(730))
        dateline = _dateline(language, published_on, rng)
        parts.append(dateline + "\n")
        pos += len(dateline) + 1
    written = len(title.encode()) + 40
    sentences = pool.sentences
    to_plant = chosen[1:]
    # Spread the mentions over the body: one every few sentences.
    every = max(1, (size // 250) // max(1, len(to_plant)))
    count = 0
    while written < size or to_plant:
        count += 1
        if to_plant and count % every == 0:
            alias = to_plant.pop()
            template = rng.choice(slot_templates)
            at = template.index("{}")
            sentence = template.format(alias.text)
            planted.append((alias.alias_id, pos + at, pos + at + len(alias.text)))
            nbytes = len(sentence.encode())
        else:
            sentence, nbytes = rng.choice(sentences)
        parts.append(sentence)
        sep = "\n\n" if count % 5 == 0 else " "
        parts.append(sep)
        pos += len(sentence) + len(sep)
        written += nbytes + 1
    text = "".join(parts).rstrip() + "\n"
    return SynthArticle(article_id, language, title, text, published_on, tuple(planted))


def _dateline(language: str, day: datetime.date, rng: random.Random) -> str:
    if language == "hi":
        return f"{rng.choice(_HI_PLACES)} | {day.day} {_HI_MONTHS[day.month - 1]} {day.year}"
    return f"{rng.choice(_EN_PLACES)}, {_EN_MONTHS[day.month - 1]} {day.day}, {day.year}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--aliases", type=int, default=20_000)
    parser.add_argument("--size", type=int, default=6000, help="approximate UTF-8 bytes per article")
    parser.add_argument("--mentions", type=int, default=10, help="planted mentions per article")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--no-txt", action="store_true", help="skip the one-file-per-article copies")
    args = parser.parse_args(argv)

    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    aliases = make_aliases(args.aliases, args.seed)
    with open(args.out / "aliases.jsonl", "w", encoding="utf-8") as fh:
        for alias in aliases:
            fh.write(json.dumps(asdict(alias), ensure_ascii=False) + "\n")
    alias_seconds = time.perf_counter() - started

    started = time.perf_counter()
    txt_dir = args.out / "articles"
    if not args.no_txt:
        txt_dir.mkdir(exist_ok=True)
    total_bytes = 0
    with open(args.out / "articles.jsonl", "w", encoding="utf-8") as fh:
        for article in iter_articles(args.articles, aliases, args.seed, args.size, args.mentions):
            record = asdict(article)
            record["published_on"] = article.published_on.isoformat() if article.published_on else None
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            if not args.no_txt:
                (txt_dir / f"{article.article_id:06d}.txt").write_text(article.text, encoding="utf-8")
            total_bytes += len(article.text.encode())
    seconds = time.perf_counter() - started
    print(f"corpus: {len(aliases)} aliases in {alias_seconds:.2f} s; "
          f"{args.articles} articles, {total_bytes / 1e6:.1f} MB in {seconds:.2f} s "
          f"({args.articles / seconds:.0f} articles/s incl. writing) -> {args.out}")


if __name__ == "__main__":
    main()
