"""The alias automaton, built from the alias table and cached per process.

Building it for 20,000 aliases takes a fraction of a second, but ingestion runs it for every
article, so it is cached and rebuilt only when the alias table changes. The cache key is a cheap
fingerprint of the table (row count and latest update), read with one query per call.

The automaton also carries the programmes of each platform, which claim suggestions are filed
under, cached the same way (keyed by the programme table's fingerprint, read in the same query),
so ingesting an article does not ask for them again.

A name may belong to several entities ("Sukhoi": the design bureau and the aircraft). For such a
shared form `find()` asks `text.context` which one the neighbouring words speak of: one mention
when they say, otherwise one mention per entity, each flagged `ambiguous`, for an editor to
decide. Only shared forms pay for this.
"""

import dataclasses
import re
import threading
from dataclasses import dataclass

from django.db import connection

from .models import Alias, Entity, Programme
from .text import Matcher, fold_alias, variant_forms
from .text.candidates import anchor_words
from .text.claims import cue_matcher
from .text.context import choose_sense
from .text.descriptions import noun_matcher
from .text.match import Scanner

# Names that writers transliterate by ear get their spelling variants matched too
# (text.variants); designations, organisations and the like only as listed.
VARIED_KINDS = frozenset({Entity.Kind.PERSON, Entity.Kind.PLACE})


@dataclass(frozen=True)
class Target:
    """One entity an automaton pattern stands for."""

    alias_id: int
    entity_id: int
    kind: str
    slug: str
    category: str = ""
    # ^ the kind's category (fighter, company…), read only for forms several entities share
    nation: int | None = None
    # ^ an organisation's country: "Pakistan's defence ministry" is not India's
    ambiguous: bool = False
    # ^ set on what find() returns: one of several entities the text may mean, undecided


@dataclass
class AliasAutomaton:
    version: tuple
    matcher: Matcher
    targets: dict  # folded form -> list[Target], one per distinct entity
    programmes: dict = dataclasses.field(default_factory=dict)
    # ^ platform id -> [(programme id, kind)], oldest first
    programme_version: tuple = ()
    plurals: frozenset = frozenset()
    # ^ generated English plurals ("su30mkis"): spanned without their "s", as "S-400s" is
    scanner: Scanner | None = dataclasses.field(default=None, repr=False, compare=False)
    # ^ the matcher's forms with those of claim cues, description nouns… (see `scan`)

    def scan(self, body: str, folded) -> None:
        """Find the aliases, claim cues, description nouns and candidates' titles of `body` in
        one pass, kept on `folded` (fold(body)) for `find`, `suggest_claims`,
        `find_descriptions` and `find_candidates` to read.

        Ingestion runs all four over every article, and walking an automaton over the text
        costs more than what each does with its hits (text.match.Scanner).
        """
        if self.scanner is None:
            self.scanner = _scanner(self.matcher)
        self.scanner.find(body, folded)

    def find(self, body: str, folded=None):
        """[(Match, Target), …] for every entity named in `body`, in text order.

        A form several entities share gives the one its context chooses, or, undecided, every
        one of them with `ambiguous` set (never one picked silently).
        `folded`: `fold(body)` when the caller already has it.
        """
        found = []
        previous = None  # the match before this one, for whose organisation a name is
        for match in self.matcher.find(body, folded):
            bucket = self.targets[match.key]
            if match.key in self.plurals:
                match = dataclasses.replace(match, end=match.end - 1, text=match.text[:-1])
            owners = (_owners_before(body, previous, match)
                      if any(t.nation for t in bucket) else set())
            previous = match, bucket
            if owners:
                bucket = [t for t in bucket if not _belongs_elsewhere(t, owners)]
            elif owners is None and _untracked_owner_before(body, match.start):
                bucket = [t for t in bucket if t.nation is None]
            if not bucket:
                continue
            if len(bucket) == 1:
                found.append((match, bucket[0]))
                continue
            chosen = choose_sense(body, match.start, match.end,
                                  [(t.kind, t.category) for t in bucket])
            if chosen is None:
                found.extend((match, dataclasses.replace(t, ambiguous=True)) for t in bucket)
            else:
                found.append((match, bucket[chosen]))
        return found


def _scanner(matcher: Matcher) -> Scanner:
    return Scanner([matcher, cue_matcher(), noun_matcher(), anchor_words()])


_lock = threading.Lock()
_cached: AliasAutomaton | None = None


def table_versions() -> tuple[tuple, tuple]:
    """Fingerprints (row count, latest update) of the alias, entity and programme tables, in one
    query.

    Any edit bumps `updated` (auto_now); a deletion lowers the count. The entity table counts
    with the aliases because the automaton carries entities' categories and countries.
    """
    quote = connection.ops.quote_name
    parts = []
    for model in (Alias, Entity, Programme):
        table, updated = quote(model._meta.db_table), quote(model._meta.get_field("updated").column)
        parts += [f"(SELECT COUNT(*) FROM {table})", f"(SELECT MAX({updated}) FROM {table})"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        aliases, aliases_updated, entities, entities_updated, programmes, programmes_updated = (
            cursor.fetchone())
    return ((aliases, aliases_updated, entities, entities_updated),
            (programmes, programmes_updated))


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
            .values_list("pk", "text", "entity_id", "entity__kind", "entity__slug",
                         "entity__organisation__nation_id")
            .order_by("pk"))
    sources = []  # (form, entity, spell it other ways?) for variant_forms
    for pk, text, entity_id, kind, slug, nation in rows:
        folded = fold_alias(text)
        if not folded:
            continue
        sources.append((folded, entity_id, kind in VARIED_KINDS))
        bucket = targets.get(folded)
        if bucket is None:
            targets[folded] = bucket = []
            patterns.append((folded, text))
        if all(t.entity_id != entity_id for t in bucket):
            bucket.append(Target(pk, entity_id, kind, slug, nation=nation))
    _add_categories(targets)
    # Generated spellings (बेलोसोव for the alias बेलौसोव, "Su-30MKIs") stand for the same
    # targets, so a mention records the alias it spells; never the form of a real alias.
    plurals = set()
    for form, source in variant_forms(sources).items():
        targets[form] = list(targets[source])
        patterns.append((form, form))
        if form == source + "s":
            plurals.add(form)
    matcher = Matcher(patterns)
    # The scanner is built here, with the matcher, rather than on the first article: it costs
    # a fifth of the rest of the build, once per alias table version.
    return AliasAutomaton(version=version, matcher=matcher, targets=targets,
                          plurals=frozenset(plurals), scanner=_scanner(matcher))


# What may stand between a country and an organisation it owns: "Pakistan's defence ministry",
# "the Pakistani defence ministry", "पाकिस्तान के रक्षा मंत्रालय", "चीन का विदेश मंत्रालय".
_OWNED_BY = re.compile(r"\s*(?:['\u2019]s)?\s*|\s+(?:के|की|का)\s+")


def _owners_before(body: str, previous, match) -> set | None:
    """The countries named as owners right before `match` ("Pakistan's", "the Pakistani",
    "पाकिस्तान के"); an empty set when a tracked name of another kind stands there ("New
    Delhi's"); None when no tracked name does."""
    if previous is None:
        return None
    before, before_bucket = previous
    if before.end > match.start or _OWNED_BY.fullmatch(body, before.end, match.start) is None:
        return None
    return {t.entity_id for t in before_bucket if t.kind == Entity.Kind.COUNTRY}


# A name that says whose body follows, for a country the reference data does not track:
# "Bangladesh's", "the Bangladeshi", "the UK". English only: Devanagari has no capitals to tell
# a proper name from "देश के" (the country's).
_UNTRACKED_OWNER = re.compile(
    r"(?:\b(?P<possessor>[A-Z][A-Za-z-]+)['\u2019]s|\b[A-Z][a-z]+(?:i|ian|ese|ish)|\b[A-Z]{2,3})"
    r"\s+\Z")
_NOT_OWNERS = frozenset((
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Today",
    "Yesterday", "Tomorrow", "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
))


def _untracked_owner_before(body: str, start: int) -> bool:
    """Whether the words right before `start` name an owner that no tracked country matched."""
    found = _UNTRACKED_OWNER.search(body, max(0, start - 40), start)
    return found is not None and found.group("possessor") not in _NOT_OWNERS


def _belongs_elsewhere(target: Target, owners: set) -> bool:
    """An organisation of one country, named as another country's.

    Generic names ("defence ministry", "रक्षा मंत्रालय") are aliases of one country's body
    (India's ministry, for an Indian tracker). Another country's body is either tracked under a
    longer alias, which wins as the longer match, or not tracked at all, and then its name must
    not be taken for India's.
    """
    return (target.kind == Entity.Kind.ORGANISATION and target.nation is not None
            and target.nation not in owners)


# Every kind's child table that has a category, by its accessor on Entity.
_CATEGORY_OF = ("platform__category", "organisation__category", "forum__category",
                "as_place__category", "agreement__category")


def _add_categories(targets: dict) -> None:
    """Give the targets of shared forms their entity's category, which context reads to tell
    them apart. Queries only when some form is shared, for those entities alone."""
    shared = sorted({t.entity_id for bucket in targets.values() if len(bucket) > 1
                     for t in bucket})
    categories: dict[int, str] = {}
    for at in range(0, len(shared), 500):  # well inside every database's parameter limit
        rows = Entity.objects.filter(pk__in=shared[at:at + 500]).values_list("pk", *_CATEGORY_OF)
        categories.update((pk, next((c for c in found if c), "")) for pk, *found in rows)
    for form, bucket in targets.items():
        if len(bucket) > 1:
            targets[form] = [dataclasses.replace(t, category=categories.get(t.entity_id, ""))
                             for t in bucket]


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
