"""Choices shared by several models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    """How exactly a source dated something. The stored date is the first day of the period."""

    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")
    BY = "by", _("by (no later than)")


class Review(models.TextChoices):
    """Where a machine-found record stands with the editors."""

    MACHINE = "machine", _("machine-found")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")


class Language(models.TextChoices):
    HINDI = "hi", _("Hindi")
    ENGLISH = "en", _("English")
    RUSSIAN = "ru", _("Russian")
    CHINESE = "zh", _("Chinese")
    UNKNOWN = "", _("unknown")


class Script(models.TextChoices):
    DEVANAGARI = "deva", _("Devanagari")
    LATIN = "latn", _("Latin")
    CYRILLIC = "cyrl", _("Cyrillic")
    MIXED = "mixed", _("mixed")
    OTHER = "", _("other")


def format_precise_date(value, precision: str) -> str:
    """A date as precisely as its source gave it: '26 Jun 2025', 'Jun 2025', '2025', 'by 2026'."""
    if value is None:
        return ""
    if precision == Precision.MONTH:
        return value.strftime("%b %Y")
    if precision == Precision.YEAR:
        return str(value.year)
    if precision == Precision.BY:
        return f"by {value.year}"
    return f"{value.day} {value.strftime('%b %Y')}"
