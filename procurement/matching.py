"""The alias automaton, built from the alias table and cached per process.

Building it for 20,000 aliases takes a fraction of a second, but ingestion runs it for every
article, so it is cached and rebuilt only when the alias table changes. The cache key is a cheap
fingerprint of the table (row count and latest update), read with one query per call.

The automaton also carries the programmes of each platform, which claim suggestions are filed
under, cached the same way (keyed by the programme table's fingerprint, read in the same query),
so ingesting an article does not ask for them again.
"""

import dataclasses
import threading
from dataclasses import dataclass

from django.db import connection

from .models import Alias, Programme
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
    programmes: dict = dataclasses.field(default_factory=dict)
    # ^ platform id -> [(programme id, kind)], oldest first
    programme_version: tuple = ()

    def find(self, body: str, folded=None):
        """[(Match, Target), …] for every entity named in `body`, in text order.

        `folded`: `fold(body)` when the caller already has it.
        """
        found = []
        for match in self.matcher.find(body, folded):
            for target in self.targets[match.key]:
                found.append((match, target))
        return found


_lock = threading.Lock()
_cached: AliasAutomaton | None = None


def table_versions() -> tuple[tuple, tuple]:
    """Fingerprints (row count, latest update) of the alias and programme tables, in one query.

    Any edit bumps `updated` (auto_now); a deletion lowers the count.
    """
    quote = connection.ops.quote_name
    parts = []
    for model in (Alias, Programme):
        table, updated = quote(model._meta.db_table), quote(model._meta.get_field("updated").column)
        parts += [f"(SELECT COUNT(*) FROM {table})", f"(SELECT MAX({updated}) FROM {table})"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        aliases, aliases_updated, programmes, programmes_updated = cursor.fetchone()
    return (aliases, aliases_updated), (programmes, programmes_updated)


def platform_programmes() -> dict:
    """{platform id: [(programme id, kind), …]}, oldest programme first."""
    programmes: dict[int, list[tuple[int, str]]] = {}
    rows = Programme.objects.values_list("pk", "platform_id", "kind").order_by("pk")
    for pk, platform_id, kind in rows:
        programmes.setdefault(platform_id, []).append((pk, kind))
    return programmes


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
    """The automaton for the alias and programme tables as they are now.

    The matcher is rebuilt only after an alias change, the programme map after a programme
    change.
    """
    global _cached
    alias_version, programme_version = table_versions()
    with _lock:
        if _cached is None or _cached.version != alias_version:
            _cached = build_automaton(alias_version)
        if _cached.programme_version != programme_version:
            _cached = dataclasses.replace(_cached, programmes=platform_programmes(),
                                          programme_version=programme_version)
        return _cached
