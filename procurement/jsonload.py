"""JSON from people and other systems, with a limit on how deeply it may nest.

`json.loads` recurses once per level of nesting, so `[[[[…]]]]` a thousand deep raises
RecursionError — not a ValueError — and takes down whatever loop was reading records. The depth
is measured here first, without recursion, so deep input is refused like any other bad JSON.
Pure Python, no Django: the ingest command and the API's parser both use it.
"""

import json
import re

MAX_DEPTH = 64  # an article record needs 2 or 3 levels; a list of them, one more

TOO_DEEP = "The JSON is nested too deeply: more than {limit} levels of [ ] or {{ }}."
NOT_UTF8 = "The JSON is not valid {encoding} (first bad byte at offset {offset})."

# A complete string literal (brackets inside it do not count) or a single bracket. Strings are
# matched whole by the regex engine, so only the brackets cost a step of the Python loop.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)


class JSONTooDeep(ValueError):
    """The document nests more than `max_depth` levels."""


def json_depth(text: str, *, stop_at: int | None = None) -> int:
    """How many levels of arrays and objects `text` nests; stops counting past `stop_at`.

    Malformed input (an unclosed string, unbalanced brackets) gives a rough count; json.loads
    reports the actual fault afterwards.
    """
    depth = deepest = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if stop_at is not None and deepest > stop_at:
                    break
        elif token in "]}":
            depth = max(depth - 1, 0)
    return deepest


def loads_limited(text, *, max_depth: int = MAX_DEPTH, **options):
    """json.loads(text, **options), refusing documents nested more than `max_depth` deep.

    Raises ValueError with a message for the person who sent the document: JSONTooDeep for deep
    nesting, json.JSONDecodeError for malformed JSON, ValueError for bytes that do not decode.
    """
    if isinstance(text, (bytes, bytearray)):
        encoding = json.detect_encoding(text)
        try:
            text = bytes(text).decode(encoding)
        except UnicodeDecodeError as error:
            raise ValueError(NOT_UTF8.format(encoding=encoding.upper(),
                                             offset=error.start)) from None
    # Counting brackets in C first keeps ordinary documents off the Python-level scan.
    if text.count("[") + text.count("{") > max_depth and json_depth(
            text, stop_at=max_depth) > max_depth:
        raise JSONTooDeep(TOO_DEEP.format(limit=max_depth))
    return json.loads(text, **options)
