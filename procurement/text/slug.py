"""Slugs for names in any script, keeping the vowel signs and viramas that make them readable.

Django's `slugify(..., allow_unicode=True)` keeps only what `\\w` matches, and Python's `\\w`
has no combining marks (Unicode categories Mn, Mc): "ट्रैकर डेमो डेस्क" comes out as
`टरकर-डम-डसक`, which no Hindi reader recognises. Here letters, digits and marks stay.
"""

import re
import unicodedata

_SEPARATORS = re.compile(r"[-\s]+")
VIRAMA = 9  # unicodedata.combining() of a virama (halant): it joins the next consonant


def _kept(char: str) -> bool:
    return char in "-_" or char.isspace() or unicodedata.category(char)[0] in "LMN"


def slug_of(name: str, *, max_length: int) -> str:
    """`name` as a slug of at most `max_length` characters; "" when nothing of it is left.

    Names in Latin letters give the ASCII slug Django's slugify() gives ("Café Desk" →
    "cafe-desk"), so their addresses stay plain; any other script keeps its letters and marks.
    """
    text = unicodedata.normalize("NFKC", name).lower()
    latin = "".join(c for c in unicodedata.normalize("NFKD", text)
                    if not unicodedata.combining(c))
    if latin.isascii():
        text = latin
    text = "".join(c for c in text if _kept(c))
    return shorten(_SEPARATORS.sub("-", text).strip("-_"), max_length)


def shorten(slug: str, max_length: int) -> str:
    """The slug cut to `max_length`, never between a letter and its marks or inside a conjunct
    (क्ष is क + virama + ष), which would leave half a syllable at the end."""
    if len(slug) <= max_length:
        return slug
    end = max_length
    while end > 0 and (unicodedata.category(slug[end])[0] == "M"
                       or unicodedata.combining(slug[end - 1]) == VIRAMA):
        end -= 1
    return slug[:end].rstrip("-_")


def is_slug(text: str) -> bool:
    """Whether `text` is a slug slug_of() could make: letters, marks, digits, '-' and '_'.

    Django's validate_unicode_slug refuses the marks (it is `^[-\\w]+\\Z`); a field holding
    these slugs needs this rule as its validator instead.
    """
    return bool(text) and all(c in "-_" or unicodedata.category(c)[0] in "LMN" for c in text)
