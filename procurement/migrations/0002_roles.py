"""Create the editors and analysts groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from procurement.roles import sync_roles


def create_roles(apps, schema_editor):
    # Permissions are normally created after the whole migrate run; create them now so the
    # groups get them on a fresh database. (A post_migrate hook keeps them current later.)
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_roles(apps)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["editors", "analysts"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("procurement", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
