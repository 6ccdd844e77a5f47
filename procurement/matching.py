"""The alias automaton, built from the alias table and cached per process.

Building it for 20,000 aliases takes a fraction of a second, but ingestion runs it for every
article, so it is cached and rebuilt only when the alias table changes. The cache key is a cheap
fingerprint of the table (row count and latest update), read with one query per call.
"""

import threading
from dataclasses import dataclass

from django.db.models import Count, Max

from .models import Alias
from .text import Matcher, fold_alias


@dataclass(frozen=True)
class Target:
    """One entity an automaton pattern stands for."""

    alias_id: int
    entity_id: int
    kind: str
    slug: str


@dataclass
class AliasAutomaton:
    version: tuple
    matcher: Matcher
    targets: dict  # folded form -> list[Target], one per distinct entity

    def find(self, body: str):
        """[(Match, Target), …] for every entity named in `body`, in text order."""
        found = []
        for match in self.matcher.find(body):
            for target in self.targets[match.key]:
                found.append((match, target))
        return found


_lock = threading.Lock()
_cached: AliasAutomaton | None = None


def alias_table_version() -> tuple:
    # Any edit bumps `updated` (auto_now); a deletion lowers the count.
    row = Alias.objects.aggregate(n=Count("pk"), last=Max("updated"))
    return (row["n"], row["last"])


def build_automaton(version: tuple = ()) -> AliasAutomaton:
    targets: dict[str, list[Target]] = {}
    patterns = []
    rows = (Alias.objects.filter(matchable=True)
            .values_list("pk", "text", "entity_id", "entity__kind", "entity__slug")
            .order_by("pk"))
    for pk, text, entity_id, kind, slug in rows:
        folded = fold_alias(text)
        if not folded:
            continue
        bucket = targets.get(folded)
        if bucket is None:
            targets[folded] = bucket = []
            patterns.append((folded, text))
        if all(t.entity_id != entity_id for t in bucket):
            bucket.append(Target(pk, entity_id, kind, slug))
    return AliasAutomaton(version=version, matcher=Matcher(patterns), targets=targets)


def current_automaton() -> AliasAutomaton:
    """The automaton for the alias table as it is now (rebuilt only after an alias change)."""
    global _cached
    version = alias_table_version()
    with _lock:
        if _cached is None or _cached.version != version:
            _cached = build_automaton(version)
        return _cached
