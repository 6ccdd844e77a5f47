from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = "Defence procurement"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .roles import sync_roles_after_migrate

        # Runs after auth has created permissions for every model, including new ones.
        post_migrate.connect(sync_roles_after_migrate, sender=self,
                             dispatch_uid="procurement_sync_roles")
