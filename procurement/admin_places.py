"""Places in admin: cities, regions and bases, with their names in every script.

Kept apart from admin.py so that the kind can be read (and changed) on its own; admin.py imports
this module at its end, once the shared entity admin it builds on is defined.
"""

from django.contrib import admin

from .admin import EntityKindAdmin
from .models import Place


@admin.register(Place)
class PlaceAdmin(EntityKindAdmin):
    list_display = ["name", "category", "nation", "slug", "alias_count"]
    list_filter = ["category", "nation"]
    list_select_related = ["nation"]
    # Meetings pick their place by typing a few letters of any of its names (search_fields
    # above includes aliases__text), which autocomplete on Meeting.location needs.
    autocomplete_fields = ["nation"]
