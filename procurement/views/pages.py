"""What every list page does the same way: pagination, the filter form, CSV export."""

import csv
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import StreamingHttpResponse

from ..spreadsheets import BOM, neutralise

PAGE_SIZE = 25


def paginate(request, queryset, *, per_page: int = PAGE_SIZE) -> Page:
    """The requested page; out-of-range or malformed ?page= gives the nearest valid page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


@dataclass
class Window:
    """A page of a list whose total is not counted: for lists that only grow, such as the
    history, where counting every row on every view would cost more than showing a page.
    Quacks like a Paginator page for the templates (no `paginator`, so no "of N")."""

    object_list: list
    number: int
    more: bool
    total: int | None = None  # rows in the whole list, when counted (at most COUNT_CAP)…
    capped: bool = False      # …and whether there are more than that
    pages: int | None = None  # how many pages, when the count is exact
    paginator = None

    def __iter__(self):
        return iter(self.object_list)

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.more

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


# A billion pages: more than any list here will hold, and small enough that
# (page - 1) * per_page stays far below 2**63, the largest OFFSET SQLite or PostgreSQL takes.
MAX_WINDOW_PAGE = 10**9


# Where a counted window stops counting: "more than 1,000 articles" tells a reader as much as
# the exact figure would, and counting stops after reading that many rows.
COUNT_CAP = 1000


def page_number(request) -> int:
    """The ?page= a window reads: 1 when absent or malformed, at most MAX_WINDOW_PAGE."""
    try:
        return min(MAX_WINDOW_PAGE, max(1, int(request.GET.get("page", 1))))
    except ValueError:
        return 1


def window(request, queryset, *, per_page: int = PAGE_SIZE, count: bool = False) -> Window:
    """The requested page, read with one query of per_page + 1 rows (the extra one says
    whether there is a next page). A page number past MAX_WINDOW_PAGE reads that page: past
    the end of any real list, so empty, and its OFFSET still fits the databases' integers.

    `count`: also say how many rows the list has, up to COUNT_CAP (one more query, reading at
    most COUNT_CAP + 1 rows; none when the first page holds the whole list)."""
    number = page_number(request)
    start = (number - 1) * per_page
    rows = list(queryset[start:start + per_page + 1])
    page = Window(rows[:per_page], number, more=len(rows) > per_page)
    if count:
        if number == 1 and not page.more:
            page.total, page.pages = len(page.object_list), 1
        else:
            counted = queryset.order_by()[:COUNT_CAP + 1].count()
            page.total, page.capped = min(counted, COUNT_CAP), counted > COUNT_CAP
            if not page.capped:
                page.pages = max(1, (counted - 1) // per_page + 1)
            if not rows and counted and not page.capped:
                # Past the end of a list whose length is known: its last page, as Paginator's
                # get_page gives (a stale link to page 9 of what is now 2 pages).
                last = (counted - 1) // per_page + 1
                rows = list(queryset[(last - 1) * per_page:last * per_page])
                page.object_list, page.number = rows, last
    return page


def wants_csv(request) -> bool:
    return request.GET.get("format") == "csv"


def is_filtered(request) -> bool:
    """Whether any filter has a value (for the "Clear filters" link); paging is not filtering."""
    return any(v for k, v in request.GET.items() if k not in ("page", "format"))


class _Echo:
    """csv.writer writes into this; each written line is streamed as it comes."""

    def write(self, value):
        return value


def csv_response(filename: str, header: list[str], rows) -> StreamingHttpResponse:
    """Stream `rows` (iterables of cells) as a UTF-8 CSV download.

    A byte-order mark first, so spreadsheet programs read Devanagari as UTF-8, and text that
    would run as a formula neutralised (spreadsheets.neutralise, shared with the API's CSV).
    """
    writer = csv.writer(_Echo())
    limit = settings.EXPORT_MAX_ROWS

    def lines():
        yield BOM + writer.writerow(header)
        for count, row in enumerate(rows):
            if count >= limit:
                break
            yield writer.writerow([neutralise(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    # Rows stream as they are read, so the total is not known up front; a client that gets
    # exactly this many rows knows the export was cut there and can narrow the filters.
    response["X-Export-Row-Limit"] = str(limit)
    return response
