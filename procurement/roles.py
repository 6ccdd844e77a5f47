"""The two roles: editors change the record (not user accounts), analysts only read it.

Called by a data migration (so a fresh database has the groups) and after every migrate (so a
model added later is covered without another hand-written migration).
"""

EDITORS = "editors"
ANALYSTS = "analysts"

# Apps whose records editors curate. User accounts (auth) stay with administrators.
EDITED_APPS = ("procurement",)
# API tokens: editors list and revoke their own (admin_tokens limits them to their own). Adding
# or changing one would let them mint a token for any account, administrators' included.
EDITOR_EXTRA = (("knox", "view_authtoken"), ("knox", "delete_authtoken"))


def sync_roles(apps=None) -> None:
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    editable = Permission.objects.filter(content_type__app_label__in=EDITED_APPS)
    for app_label, codename in EDITOR_EXTRA:
        editable |= Permission.objects.filter(content_type__app_label=app_label,
                                              codename=codename)
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(editable)

    readable = Permission.objects.filter(content_type__app_label="procurement",
                                         codename__startswith="view_")
    analysts, _ = Group.objects.get_or_create(name=ANALYSTS)
    analysts.permissions.set(readable)


def sync_roles_after_migrate(sender, **kwargs) -> None:
    sync_roles()
