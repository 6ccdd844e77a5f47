"""`?format=csv` for list endpoints: one row per result, nested fields flattened.

Flattening, so a spreadsheet needs no JSON parsing:
- a nested object becomes dotted columns: entity.slug, entity.kind, entity.name;
- a list becomes one cell joined with "; ". An object in a list is written as its identifying
  value (slug, else text, else id), so aliases read "S-400; एस-400; С-400"; an object with none of
  these is written as compact JSON.
Only the current page is written; the link to the next page is in the `Link` header
(rel="next"), as for any paginated HTTP resource.

Written as the pages' exports are (procurement.spreadsheets): a byte-order mark first, and text
that a spreadsheet would run as a formula prefixed with an apostrophe. Numbers stay numbers.
"""

import csv
import io
import json

from rest_framework import renderers

from ..spreadsheets import BOM, neutralise

LIST_SEPARATOR = "; "
IDENTIFYING_KEYS = ("slug", "text", "id")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        for key in IDENTIFYING_KEYS:
            if key in value:
                return _text(value[key])
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(_text(item) for item in value)
    return str(value)


def _cell(value) -> str:
    # A number is written as it is (-5 is data, not a formula); anything else is text by now,
    # possibly a stranger's, and the whole cell is what the spreadsheet reads.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return neutralise(_text(value))


def flatten(row: dict, prefix: str = "") -> dict:
    """{"a": {"b": 1}, "c": [1, 2]} → {"a.b": "1", "c": "1; 2"}."""
    flat = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        else:
            flat[name] = _cell(value)
    return flat


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        response = (renderer_context or {}).get("response")
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            if response is not None and data.get("next"):
                response["Link"] = f'<{data["next"]}>; rel="next"'
            rows = data["results"]
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data]  # one record, or an error such as {"detail": "…"}
        flat = [flatten(row) if isinstance(row, dict) else {"value": _cell(row)} for row in rows]
        columns = list(dict.fromkeys(name for row in flat for name in row))
        # A byte-order mark, as on the pages' exports: Excel needs it to read UTF-8 (Devanagari)
        # at all. Scripts read it with encoding="utf-8-sig", which drops it.
        out = io.StringIO()
        out.write(BOM)
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(flat)
        return out.getvalue().encode(self.charset)
