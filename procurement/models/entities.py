"""Entities: everything an article can name, in one table with one slug namespace.

Each kind (platform, country, person, …) is a multi-table child of Entity, so aliases, mentions,
outcomes and search treat all kinds alike while each kind keeps its own fields.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import Language, Precision, Script

wikidata_id = RegexValidator(r"^Q[1-9][0-9]*$", "A Wikidata id looks like Q12345.")


class EntityQuerySet(models.QuerySet):
    def of_kind(self, kind: str) -> "EntityQuerySet":
        return self.filter(kind=kind)

    def named(self, text: str) -> "EntityQuerySet":
        """Entities with a name or alias containing `text` (any script, case-insensitive)."""
        return self.filter(Q(name__icontains=text) | Q(aliases__text__icontains=text)).distinct()


class Entity(models.Model):
    class Kind(models.TextChoices):
        PLATFORM = "platform", _("platform")
        COUNTRY = "country", _("country")
        PERSON = "person", _("person")
        ORGANISATION = "organisation", _("organisation")
        FORUM = "forum", _("forum")
        MEETING = "meeting", _("meeting")
        AGREEMENT = "agreement", _("agreement")
        PLACE = "place", _("place")

    slug = models.SlugField(max_length=80, unique=True,
        help_text="Stable address used in page and API URLs. Do not change it once published.")
    name = models.CharField(max_length=200,
        help_text="The name analysts see first, in English.")
    kind = models.CharField(max_length=20, choices=Kind.choices, editable=False)
    description = models.TextField(blank=True,
        help_text="One or two sentences of context, in your own words.")
    wikidata = models.CharField(max_length=20, blank=True, validators=[wikidata_id],
        help_text="Wikidata item id (Q…), if there is one.")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(inherit=True)
    objects = EntityQuerySet.as_manager()

    # Set by each kind below; Entity itself is never created on its own.
    # (Children cannot have fields named after a kind — country, forum, meeting… — because
    # Entity already has those names as links to its children; hence nation, parent_forum…)
    KIND = ""
    URL_PREFIX = {
        "platform": "systems", "country": "countries", "person": "people",
        "organisation": "organisations", "forum": "forums", "meeting": "meetings",
        "agreement": "agreements", "place": "places",
    }
    # The child's accessor on Entity, where it is not the kind itself (see Place).
    CHILD_ACCESSOR = {"place": "as_place"}

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entities"
        constraints = [
            models.CheckConstraint(condition=~Q(kind=""), name="procurement_entity_has_kind"),
        ]
        indexes = [models.Index(fields=["kind", "name"], name="procurement_entity_kind_name")]
        # ^ list pages and the API filter entities by kind, sorted by name

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # The kind is a fact of the Python class, never typed by an editor.
        if self.KIND:
            self.kind = self.KIND
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("procurement:entity", args=[self.URL_PREFIX[self.kind], self.slug])

    @property
    def specific(self) -> "Entity":
        """The kind-specific child (one query unless already loaded)."""
        return getattr(self, self.CHILD_ACCESSOR.get(self.kind, self.kind)) if self.kind else self


class Country(Entity):
    KIND = Entity.Kind.COUNTRY
    iso = models.CharField("ISO code", max_length=2, unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", "Two capital letters, ISO 3166-1 alpha-2 (IN, RU).")],
        help_text="ISO 3166-1 alpha-2 code, e.g. IN for India.")

    class Meta:
        verbose_name_plural = "countries"
        ordering = ["name"]


class Organisation(Entity):
    class Category(models.TextChoices):
        GOVERNMENT = "government", _("government body")
        MILITARY = "military", _("armed service")
        COMPANY = "company", _("company")
        AGENCY = "agency", _("agency")
        MEDIA = "media", _("news agency")
        OTHER = "other", _("other")

    KIND = Entity.Kind.ORGANISATION
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.OTHER)
    nation = models.ForeignKey(Country, models.SET_NULL, null=True, blank=True,
                               related_name="organisations", verbose_name="country")
    # SET_NULL: an organisation's record outlives a mistaken or merged country entry.

    class Meta:
        ordering = ["name"]


class Person(Entity):
    KIND = Entity.Kind.PERSON
    nation = models.ForeignKey(Country, models.SET_NULL, null=True, blank=True,
                               related_name="people", verbose_name="country")
    # SET_NULL: a person stays on record even if the country entry is merged away.
    office = models.CharField(max_length=200, blank=True,
        help_text="Office held at the time of the reporting, e.g. 'Defence Minister of India'.")

    class Meta:
        verbose_name_plural = "people"
        ordering = ["name"]


class Platform(Entity):
    class Category(models.TextChoices):
        AIR_DEFENCE = "air_defence", _("air-defence system")
        FIGHTER = "fighter", _("combat aircraft")
        HELICOPTER = "helicopter", _("helicopter")
        TRANSPORT = "transport", _("transport aircraft")
        MISSILE = "missile", _("missile")
        SHIP = "ship", _("surface ship")
        SUBMARINE = "submarine", _("submarine")
        ARMOUR = "armour", _("armoured vehicle")
        RIFLE = "rifle", _("small arms")
        SPACE = "space", _("space system")
        OTHER = "other", _("other")

    KIND = Entity.Kind.PLATFORM
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.OTHER)
    origin = models.ForeignKey(Country, models.SET_NULL, null=True, blank=True,
                               related_name="platforms")
    # SET_NULL: the platform's record does not depend on the country entry surviving.
    maker = models.ForeignKey(Organisation, models.SET_NULL, null=True, blank=True,
                              related_name="platforms")
    parent = models.ForeignKey("self", models.SET_NULL, null=True, blank=True,
                               related_name="variants",
                               help_text="The platform this one is a variant of (Su-30 MKI → Su-30).")
    # SET_NULL: deleting a parent type must not delete its variants.
    nato_name = models.CharField("NATO reporting name", max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("entity_ptr")),
                                   name="procurement_platform_not_own_parent"),
        ]


class Forum(Entity):
    class Category(models.TextChoices):
        MULTILATERAL = "multilateral", _("multilateral organisation")
        BILATERAL = "bilateral", _("bilateral mechanism")
        SUMMIT = "summit", _("summit series")

    KIND = Entity.Kind.FORUM
    category = models.CharField(max_length=20, choices=Category.choices)
    members = models.ManyToManyField(Country, blank=True, related_name="forums")

    class Meta:
        ordering = ["name"]


class Place(Entity):
    """A city, region or base that articles name and meetings are held in."""

    class Category(models.TextChoices):
        CITY = "city", _("city or town")
        REGION = "region", _("region or province")
        BASE = "base", _("military base or site")
        OTHER = "other", _("other")

    KIND = Entity.Kind.PLACE
    # The accessor on Entity is `as_place`, not the default `place`: a child's field may not
    # share a name with Entity's links to its children, and Meeting keeps `place`, the text
    # as reported, which API clients and the reference data already use.
    entity_ptr = models.OneToOneField(Entity, models.CASCADE, parent_link=True, primary_key=True,
                                      related_name="as_place")
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.CITY)
    nation = models.ForeignKey(Country, models.SET_NULL, null=True, blank=True,
                               related_name="places", verbose_name="country",
                               help_text="The country the place is in today.")
    # SET_NULL: a place stays on record (with its meetings and mentions) if the country entry
    # is merged away.

    class Meta:
        ordering = ["name"]


class Meeting(Entity):
    KIND = Entity.Kind.MEETING
    parent_forum = models.ForeignKey(Forum, models.SET_NULL, null=True, blank=True,
                                     related_name="meetings", verbose_name="forum")
    # SET_NULL: a meeting happened whatever becomes of the forum entry.
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True,
        help_text="Last day; leave empty for a one-day meeting.")
    place = models.CharField(max_length=200, blank=True,
        help_text="The place as the source wrote it, e.g. 'Qingdao, Shandong'. Kept even when "
                  "the place is linked below.")
    location = models.ForeignKey(Place, models.SET_NULL, null=True, blank=True,
                                 related_name="meetings",
                                 help_text="The place entry the meeting was held in; its page "
                                           "lists the meeting.")
    # SET_NULL: a meeting happened whatever becomes of the place entry; `place` keeps the text.
    host = models.ForeignKey(Country, models.SET_NULL, null=True, blank=True,
                             related_name="meetings_hosted")
    # SET_NULL: as for forum.
    participants = models.ManyToManyField(Person, blank=True, related_name="meetings")

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="procurement_meeting_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["starts_on"], name="procurement_meeting_starts")]
        # ^ meetings list filtered by date range


class Agreement(Entity):
    class Category(models.TextChoices):
        CONTRACT = "contract", _("contract")
        INTERGOVERNMENTAL = "intergovernmental", _("intergovernmental agreement")
        MOU = "mou", _("memorandum of understanding")
        COMMUNIQUE = "communique", _("joint statement or communiqué")
        FRAMEWORK = "framework", _("framework or roadmap")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        NEGOTIATING = "negotiating", _("under negotiation")
        SIGNED = "signed", _("signed")
        IN_FORCE = "in_force", _("in force")
        NOT_SIGNED = "not_signed", _("not signed")
        EXPIRED = "expired", _("expired")
        CANCELLED = "cancelled", _("cancelled")

    KIND = Entity.Kind.AGREEMENT
    category = models.CharField(max_length=20, choices=Category.choices)
    status = models.CharField(max_length=20, choices=Status.choices)
    parties = models.ManyToManyField(Country, blank=True, related_name="agreements")
    platforms = models.ManyToManyField(Platform, blank=True, related_name="agreements")
    at_meeting = models.ForeignKey(Meeting, models.SET_NULL, null=True, blank=True,
                                   related_name="agreements", verbose_name="meeting",
                                help_text="The meeting where it was signed, refused or discussed.")
    # SET_NULL: the agreement stands on its own if the meeting entry goes.
    signed_on = models.DateField(null=True, blank=True)
    signed_precision = models.CharField(max_length=5, choices=Precision.choices,
                                        default=Precision.DAY)
    value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True,
        help_text="Reported value. Leave empty when no reliable figure is public.")
    currency = models.CharField(max_length=3, blank=True, help_text="ISO 4217, e.g. USD, INR.")

    class Meta:
        ordering = ["-signed_on", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=0),
                                   name="procurement_agreement_value_not_negative"),
            models.CheckConstraint(condition=Q(value__isnull=True) | ~Q(currency=""),
                                   name="procurement_agreement_value_has_currency"),
        ]


class Alias(models.Model):
    """A name of an entity as written somewhere, in any script."""

    class Kind(models.TextChoices):
        OFFICIAL = "official", _("official name")
        COMMON = "common", _("common name")
        ABBREVIATION = "abbreviation", _("abbreviation")
        NATO = "nato", _("NATO reporting name")
        TRANSLITERATION = "transliteration", _("transliteration")
        DEMONYM = "demonym", _("demonym or adjective")
        SURNAME = "surname", _("surname alone")

    entity = models.ForeignKey(Entity, models.CASCADE, related_name="aliases")
    text = models.CharField(max_length=200, help_text="Exactly as written, e.g. एस-400 or С-400.")
    folded = models.CharField(max_length=200, editable=False, db_index=True,
        help_text="Matching form (case, dashes, digits, nukta folded). Computed.")
    language = models.CharField(max_length=2, choices=Language.choices, blank=True)
    script = models.CharField(max_length=5, choices=Script.choices, blank=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COMMON)
    matchable = models.BooleanField(default=True,
        help_text="Untick for a name that is too ambiguous to look for in article text.")
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["entity", "text"]
        verbose_name_plural = "aliases"
        constraints = [
            models.UniqueConstraint(fields=["entity", "text"], name="procurement_alias_unique_text"),
            models.CheckConstraint(condition=~Q(text=""), name="procurement_alias_not_empty"),
        ]

    def __str__(self) -> str:
        return self.text
