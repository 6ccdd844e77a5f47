"""Editors change the record (not accounts); analysts only read."""

from django.contrib.auth.models import Group


def test_it_creates_both_groups_on_migrate(db):
    """The migration leaves editors and analysts in place."""
    assert set(Group.objects.values_list("name", flat=True)) >= {"editors", "analysts"}


def test_it_lets_editors_change_the_record(editor):
    """Editors add, change and delete every procurement record."""
    for perm in ("add_platform", "change_programme", "delete_alias", "change_mention",
                 "change_statusclaim", "view_article"):
        assert editor.has_perm(f"procurement.{perm}"), perm


def test_it_keeps_user_accounts_from_editors(editor):
    """Accounts stay with administrators."""
    assert not editor.has_perm("auth.change_user")
    assert not editor.has_perm("auth.add_group")


def test_it_lets_analysts_only_read(analyst):
    """Analysts view everything and change nothing."""
    assert analyst.has_perm("procurement.view_programme")
    assert not analyst.has_perm("procurement.change_programme")
    assert not analyst.has_perm("procurement.add_alias")
    assert not analyst.has_perm("procurement.delete_article")
