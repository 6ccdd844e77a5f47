"""Pages: numbered for the small curated tables, cursors for the big ones (articles, mentions)."""

from rest_framework import pagination
from rest_framework.exceptions import NotFound
from rest_framework.settings import api_settings

# The largest page anyone gets. A bigger `page_size` is quietly cut to this, not refused, so a
# client asking for "everything" still gets an answer, just a bounded one.
MAX_PAGE_SIZE = 200

# What a 64-bit integer column holds, in both databases.
BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1


class PageSize:
    """`?page_size=`, the same for both kinds of page; the default is settings' PAGE_SIZE."""

    page_size_query_param = "page_size"
    page_size_query_description = (f"Rows per page (default {api_settings.PAGE_SIZE}, "
                                   f"at most {MAX_PAGE_SIZE}).")
    max_page_size = MAX_PAGE_SIZE


class PageNumberPagination(PageSize, pagination.PageNumberPagination):
    """`?page=2&page_size=100` for curated records (entities, programmes, claims…); has a count."""


class CursorPagination(PageSize, pagination.CursorPagination):
    """Opaque `?cursor=` links and no COUNT: the tables behind it hold millions of rows.

    The first ordering field must be an integer column: the position read back from a cursor is
    checked to be one that the column can hold, so a forged cursor answers 404 instead of a
    database error (SQLite raises OverflowError for an integer past 64 bits; PostgreSQL would
    compare it as numeric and answer a page no link leads to).
    """

    cursor_query_description = "Opaque position from a `next` or `previous` link; do not build it."

    def decode_cursor(self, request):
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            try:
                position = int(cursor.position)
            except ValueError:
                raise NotFound(self.invalid_cursor_message) from None
            if not BIGINT_MIN <= position <= BIGINT_MAX:
                raise NotFound(self.invalid_cursor_message)
        return cursor


class ArticleCursorPagination(CursorPagination):
    # Newest stored first. Not by published_on: it can be empty, and a cursor cannot stand on a
    # NULL. Narrow by date with published_after / published_before instead.
    ordering = ("-id",)


class MentionCursorPagination(CursorPagination):
    # Newest article first, then in reading order. The cursor stands on article_id (ties inside
    # one article are skipped by the cursor's offset), which the (entity, article) index serves.
    ordering = ("-article_id", "start", "id")

    def _get_position_from_instance(self, instance, ordering):
        # The list's rows are tuples (selectors.mention_rows), not objects or dicts.
        from .selectors import MENTION_COLUMNS

        if isinstance(instance, tuple):
            return str(instance[MENTION_COLUMNS.index(ordering[0].lstrip("-"))])
        return super()._get_position_from_instance(instance, ordering)
