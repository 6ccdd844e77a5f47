"""Extraction benchmark: Matcher.find over a synthetic corpus, against a raw scan.

    python bench/extract.py [--articles 2000] [--aliases 20000] [--repeat 3]

Prints plain lines (MB are 10^6 bytes of UTF-8 text; each timing is the
best of ``--repeat`` runs on one core):

    build: <aliases> aliases + <variants> spelling variants -> <patterns> patterns in <ms> ms
    fold: <MB/s>
    extract: <MB/s>, <articles/s>; raw scan <MB/s>; ratio <ours/raw>
    planted mentions found: <found>/<planted>
    ahocorasick-rs raw scan: <MB/s> (build <ms> ms); pyahocorasick raw scan alongside it: <MB/s>

"raw scan" is the very same pyahocorasick automaton iterated over
``text.lower()`` with every hit consumed, and nothing else: no folding, no
word boundaries, no overlap resolution, no offset mapping. It is the ceiling
for any matcher built on that library.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus import make_aliases, make_articles  # noqa: E402

from procurement.text import Matcher, fold, fold_alias, variant_forms  # noqa: E402


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """Fastest wall time of ``repeat`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def paired(chunks: list[list[str]], repeat: int, *runs: Callable[[str], object]) -> list[float]:
    """Total seconds of each run over all chunks, timed chunk by chunk side by side.

    Timing the contenders back to back on each small chunk (best of
    ``repeat``) keeps a busy machine from favouring whichever ran in a
    quiet moment, so their ratio stays meaningful.
    """
    totals = [0.0] * len(runs)
    for chunk in chunks:
        for i, run in enumerate(runs):
            totals[i] += best_of(repeat, lambda: [run(text) for text in chunk])
    return totals


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--aliases", type=int, default=20_000)
    parser.add_argument("--size", type=int, default=6000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    aliases = make_aliases(args.aliases, args.seed)
    articles = make_articles(args.articles, aliases, args.seed, args.size)
    texts = [a.text for a in articles]
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    pairs = [(a.alias_id, a.text) for a in aliases]

    started = time.perf_counter()
    # As the tracker builds it (procurement.matching): persons' names also in their generated
    # spellings, each pattern keyed by the alias it spells.
    first_of: dict[str, int] = {}
    rows = []
    for a in aliases:
        form = fold_alias(a.text)
        first_of.setdefault(form, a.alias_id)
        rows.append((form, a.entity_id, a.kind == "person"))
    variants = variant_forms(rows)
    matcher = Matcher(pairs + [(first_of[source], form) for form, source in variants.items()])
    build_ms = (time.perf_counter() - started) * 1000
    print(f"build: {len(aliases)} aliases + {len(variants)} spelling variants -> "
          f"{len(matcher)} patterns in {build_ms:.0f} ms")

    automaton = matcher.automaton
    drain = collections.deque(maxlen=0).extend

    def raw(text: str) -> None:
        drain(automaton.iter(text.lower()))

    chunks = [texts[i : i + 50] for i in range(0, len(texts), 50)]
    fold_s, find_s, raw_s = paired(chunks, args.repeat, fold, matcher.find, raw)
    print(f"fold: {megabytes / fold_s:.1f} MB/s")
    print(
        f"extract: {megabytes / find_s:.1f} MB/s, {len(texts) / find_s:.0f} articles/s; "
        f"raw scan {megabytes / raw_s:.1f} MB/s; ratio {raw_s / find_s:.2f}"
    )

    found = planted = 0
    for article in articles:
        spans = {(m.key, m.start, m.end) for m in matcher.find(article.text)}
        planted += len(article.mentions)
        found += sum(1 for mention in article.mentions if mention in spans)
    print(f"planted mentions found: {found}/{planted}")

    try:
        from ahocorasick_rs import AhoCorasick
    except ImportError:
        print("ahocorasick-rs raw scan: not installed (pip install ahocorasick-rs to compare)")
        return
    forms = list(matcher.automaton.keys())
    started = time.perf_counter()
    rs = AhoCorasick(forms)
    rs_build_ms = (time.perf_counter() - started) * 1000

    def rs_raw(text: str) -> None:
        rs.find_matches_as_indexes(text.lower(), overlapping=True)

    rs_s, raw_s = paired(chunks, args.repeat, rs_raw, raw)
    print(
        f"ahocorasick-rs raw scan: {megabytes / rs_s:.1f} MB/s (build {rs_build_ms:.0f} ms); "
        f"pyahocorasick raw scan alongside it: {megabytes / raw_s:.1f} MB/s"
    )


if __name__ == "__main__":
    main()
