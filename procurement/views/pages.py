"""What every list page does the same way: pagination, the filter form, CSV export."""

import csv

from django.core.paginator import Page, Paginator
from django.http import StreamingHttpResponse

PAGE_SIZE = 25
CSV_MAX_ROWS = 50_000  # a spreadsheet, not a dump: the API pages through more than this


def paginate(request, queryset, *, per_page: int = PAGE_SIZE) -> Page:
    """The requested page; out-of-range or malformed ?page= gives the nearest valid page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def wants_csv(request) -> bool:
    return request.GET.get("format") == "csv"


class _Echo:
    """csv.writer writes into this; each written line is streamed as it comes."""

    def write(self, value):
        return value


def csv_response(filename: str, header: list[str], rows) -> StreamingHttpResponse:
    """Stream `rows` (iterables of cells) as a UTF-8 CSV download.

    A byte-order mark first, so spreadsheet programs read Devanagari as UTF-8.
    """
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for count, row in enumerate(rows):
            if count >= CSV_MAX_ROWS:
                break
            yield writer.writerow(["" if cell is None else cell for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
