"""Send the daily e-mail digests now (the `digests_send` job does this once a day)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ...services.alerts import digests_send


class Command(BaseCommand):
    help = ("E-mail each reader with the digest on what happened since their last digest to "
            "what they follow. Readers with nothing new get nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--user", help="Only this user name.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Count what would be sent; send nothing and move nothing on.")

    def handle(self, *args, user=None, dry_run=False, **options):
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"No user is called {user!r}.")
        done = digests_send(user=account, dry_run=dry_run)
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(f"{verb} {done['sent']} digest(s) listing {done['events']} event(s); "
                          f"{done['failed']} could not be sent (see the log).")
        if done["failed"]:
            raise CommandError(f"{done['failed']} digest(s) failed.")
