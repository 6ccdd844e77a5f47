"""python manage.py create_api_token USER --role editor|analyst [--days N]

Creates the account if it does not exist (with no usable password: it signs in by token only),
gives it exactly the role asked for, and prints a new token as the last line of output, so a
script can take it with `| tail -n 1`. Only a hash of the token is stored; it cannot be shown
again. Revoke it with POST /api/v1/auth/logout/ (that token) or /api/v1/auth/logoutall/ (all of
the account's tokens), or by deleting it in admin (Knox → Auth tokens). Every token expires:
--days N, or API_TOKEN_DAYS by default.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from knox.models import AuthToken
from knox.settings import knox_settings

from ...roles import ANALYSTS, EDITORS

ROLES = {"editor": EDITORS, "analyst": ANALYSTS}
NO_GROUP = "The group '{name}' does not exist; run `manage.py migrate` first."


class Command(BaseCommand):
    help = "Create an API token for USER (creating the account if needed) with the given role."

    def add_arguments(self, parser):
        parser.add_argument("username", metavar="USER")
        parser.add_argument("--role", choices=sorted(ROLES), required=True,
                            help="editor: read and write; analyst: read only.")
        parser.add_argument("--days", type=int, default=None,
                            help="Days until the token expires (default: REST_KNOX TOKEN_TTL, "
                                 "set by API_TOKEN_DAYS).")

    @transaction.atomic
    def handle(self, *args, username, role, days, **options):
        if days is not None and days < 1:
            raise CommandError(f"--days must be at least 1 (got {days}): every token expires.")
        ttl = datetime.timedelta(days=days) if days is not None else knox_settings.TOKEN_TTL
        if ttl is None or ttl <= datetime.timedelta(0):
            # knox reads a TTL of None as "never expires"; settings refuse it, but REST_KNOX can
            # still be overridden elsewhere.
            raise CommandError("REST_KNOX TOKEN_TTL must be a positive duration; "
                               "pass --days N or set API_TOKEN_DAYS.")
        groups = {}
        for name in ROLES.values():
            try:
                groups[name] = Group.objects.get(name=name)
            except Group.DoesNotExist:
                raise CommandError(NO_GROUP.format(name=name)) from None

        User = get_user_model()
        user, created = User.objects.get_or_create(**{User.USERNAME_FIELD: username})
        if created:
            user.set_unusable_password()
            user.save()
            self.stdout.write(f"Created user {username} (no password: token access only).")
        if not user.is_active:
            raise CommandError(f"User {username} is inactive; a token would not work.")

        # One role at a time: an "analyst" token for an account that is still an editor would
        # be able to write, which is not what the person running this asked for.
        wanted = groups[ROLES[role]]
        others = [g for g in groups.values() if g != wanted]
        if user.groups.filter(pk__in=[g.pk for g in others]).exists():
            self.stdout.write(f"Removed {username} from {', '.join(g.name for g in others)}.")
        user.groups.remove(*others)
        user.groups.add(wanted)
        if user.is_superuser:
            self.stdout.write(f"Note: {username} is a superuser and can write whatever the role.")

        instance, token = AuthToken.objects.create(user=user, expiry=ttl)
        expiry = instance.expiry.isoformat(timespec="minutes")
        self.stdout.write(f"{username} is in the {wanted.name} group. Token expires: {expiry}.")
        self.stdout.write("Send it as 'Authorization: Token <token>'. It is shown only once:")
        self.stdout.write(token)
