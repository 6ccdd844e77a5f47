"""Template filters and tags of the analyst pages: dates as precise as their sources, numbers
in the reader's language, quotes in context, charts, query strings, lang attributes.

None of them runs a query: they format what the selectors already loaded.
"""

import datetime
from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.html import escape, format_html
from django.utils.numberformat import format as number_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..models import Precision
from ..text import detect_language
from ..views.snippets import highlight, sentence_bounds

register = template.Library()

# Indian digit grouping (12,34,56,789) for the Hindi interface; Django's Hindi locale sets none.
_GROUPING = {"hi": (3, 2, 0)}


@register.filter
def precise_date(value, precision=Precision.DAY):
    """A date as precisely as its source gave it, in the reader's language:
    '26 June 2025' / '26 जून 2025', 'June 2025', '2025', 'by 2026' / '2026 तक'."""
    if not value:
        return ""
    if precision == Precision.MONTH:
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    if precision == Precision.YEAR:
        return str(value.year)
    if precision == Precision.BY:
        return _("by %(year)s") % {"year": value.year}
    return formats.date_format(value, "DATE_FORMAT")


@register.filter
def time_tag(value, precision=Precision.DAY):
    """<time datetime="…">date as precisely as known</time>, safe to pass into blocktranslate."""
    if not value:
        return ""
    return format_html('<time datetime="{}">{}</time>', value.isoformat(),
                       precise_date(value, precision))


@register.simple_tag
def delivered_of(delivered, ordered, unit):
    """'3 of 5 squadrons' / '5 squadrons में से 3', with '?' for figures nobody has published."""
    return _("%(delivered)s of %(ordered)s %(unit)s") % {
        "delivered": "?" if delivered is None else num(delivered),
        "ordered": "?" if ordered is None else num(ordered), "unit": unit}


@register.filter
def num(value):
    """An integer or decimal with the reader's language's digit grouping."""
    if value is None or value == "":
        return ""
    language = (get_language() or "en")[:2]
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    return number_format(value, decimal_sep=formats.get_format("DECIMAL_SEPARATOR"),
                         grouping=_GROUPING.get(language, 3), thousand_sep=",",
                         force_grouping=True)


@register.filter
def money(value, currency=""):
    if value is None:
        return ""
    return f"{currency} {num(value)}".strip()


@register.filter
def text_lang(value, fallback=""):
    """The BCP 47 language of a piece of text by its script ('hi' for Devanagari), for lang=""."""
    return detect_language(str(value)) or fallback


@register.filter
def claim_quote(claim):
    """The claim's quote as HTML: inside the sentence of its article, marked, when its offsets
    are known; else the quote alone, marked. Needs `claim.article` loaded (the selectors do)."""
    article = claim.article
    if (article is not None and claim.quote_start is not None and claim.quote_end is not None
            and claim.quote_end <= len(article.body)):
        a, b = sentence_bounds(article.body, claim.quote_start, claim.quote_end)
        return highlight(article.body, [(claim.quote_start, claim.quote_end)], a, b)
    if claim.quote:
        return mark_safe(f"<mark>{escape(claim.quote)}</mark>")
    return ""


@register.simple_tag(takes_context=True)
def query(context, **changes):
    """The current query string with `changes` applied ('' or None removes a key): keeps the
    filters when paging, and the page when switching to CSV."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in ("", None):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def week_end(value):
    return value + datetime.timedelta(days=6) if value else value


@register.inclusion_tag("procurement/includes/bar_chart.html")
def bar_chart(chart, caption):
    return {"chart": chart, "caption": caption}
