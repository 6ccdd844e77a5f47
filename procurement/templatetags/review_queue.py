"""What waits for the editors, for the admin index: two COUNT queries, nothing per row."""

from django import template

from ..models import Mention, Review, StatusClaim

register = template.Library()


@register.simple_tag
def awaiting_review() -> dict:
    """Machine-found mentions and claims nobody has confirmed or rejected yet."""
    return {"mentions": Mention.objects.filter(review=Review.MACHINE).count(),
            "claims": StatusClaim.objects.filter(review=Review.MACHINE).count(),
            "state": Review.MACHINE.value}
