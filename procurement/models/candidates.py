"""Names articles use that the reference data lacks, queued for editors (services.candidates)."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .articles import Article
from .entities import Alias, Entity


class CandidateQuerySet(models.QuerySet):
    def named_since(self) -> "CandidateQuerySet":
        """Open candidates whose name an editor has since added as an alias, anywhere."""
        return self.filter(status=Candidate.Status.OPEN).filter(
            Exists(Alias.objects.filter(folded=OuterRef("folded"))))

    def open(self) -> "CandidateQuerySet":
        """The editors' queue: open, and not yet the name of any entity."""
        return self.filter(status=Candidate.Status.OPEN).exclude(
            Exists(Alias.objects.filter(folded=OuterRef("folded"))))


class Candidate(models.Model):
    """A name seen in articles that no alias matches: a designation, a titled person, an
    organisation. An editor makes it a new entity or an alias of one, or dismisses it."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        PROMOTED = "promoted", _("promoted")
        DISMISSED = "dismissed", _("dismissed")

    folded = models.CharField(max_length=200, unique=True,
        help_text=_("Matching form of the name: S-500, S500 and एस-500 are one candidate."))
    name = models.CharField(max_length=200, help_text=_("The name as first seen."))
    kind = models.CharField(max_length=20, choices=Entity.Kind.choices,
        help_text=_("What the machine guesses it is; choose the kind when making the entity."))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN,
        help_text=_("Dismissed names stay dismissed: ingestion never opens them again."))
    articles = models.PositiveIntegerField(default=0,
        help_text=_("Articles the name was seen in (kept by ingestion)."))
    promoted_to = models.ForeignKey(Entity, models.SET_NULL, null=True, blank=True,
                                    related_name="candidates",
                                    help_text=_("The entity the name was made into or added to."))
    # SET_NULL: the decision stays on record if the entity is deleted or merged away.
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    # SET_NULL: a decision outlives the editor's account.
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering = ["-articles", "name"]
        constraints = [
            models.CheckConstraint(condition=~Q(folded=""), name="procurement_candidate_not_empty"),
        ]
        indexes = [models.Index(fields=["status", "-articles"], name="procurement_cand_queue")]
        # ^ the editors' queue: open candidates, most articles first

    def __str__(self) -> str:
        return self.name


class Sighting(models.Model):
    """Where a candidate was seen: its first place in one article, with the sentence."""

    candidate = models.ForeignKey(Candidate, models.CASCADE, related_name="sightings",
                                  db_index=False)
    # No index of its own: the unique (candidate, article) index leads with it.
    article = models.ForeignKey(Article, models.CASCADE, related_name="sightings")
    # CASCADE both ways: a sighting is a place in an article and means nothing without either.
    start = models.PositiveIntegerField(help_text=_("Offset of the name in the article body."))
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=200, help_text=_("The name exactly as written there."))
    sentence = models.CharField(max_length=400,
        help_text=_("The sentence around it, shortened to about 400 characters."))
    at = models.PositiveIntegerField(help_text=_("Where the name starts in `sentence`."))

    class Meta:
        ordering = ["candidate", "-article"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "article"],
                                    name="procurement_sighting_unique"),
            models.CheckConstraint(condition=Q(start__lt=models.F("end")),
                                   name="procurement_sighting_span_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.text} in article {self.article_id}"
