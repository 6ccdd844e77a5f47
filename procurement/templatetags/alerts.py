"""The follow button's state: {% follow_state target as follow %} (one query when signed in)."""

from django import template

from ..models import Entity, Follow, Programme
from ..models.alerts import FOLLOWABLE_KINDS

register = template.Library()


@register.simple_tag(takes_context=True)
def follow_state(context, target) -> dict:
    """{"followable", "following", "value"} for `target` and the reader; anonymous readers and
    kinds that cannot be followed cost no query."""
    if isinstance(target, Programme):
        value, fields = f"programme:{target.pk}", {"programme_id": target.pk}
    elif isinstance(target, Entity) and target.kind in FOLLOWABLE_KINDS:
        value, fields = f"entity:{target.pk}", {"entity_id": target.pk}
    else:
        return {"followable": False, "following": False, "value": ""}
    request = context.get("request")
    user = getattr(request, "user", None)
    following = bool(user and user.is_authenticated
                     and Follow.objects.filter(user=user, **fields).exists())
    return {"followable": True, "following": following, "value": value}
