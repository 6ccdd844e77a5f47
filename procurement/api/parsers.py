"""Request bodies the API reads: JSON with a limit on nesting.

DRF's own JSONParser hands the body to json.load, which recurses once per level: `[[[…]]]` a
thousand deep raises RecursionError, which is not a parse error, so the caller got a 500.
"""

import codecs

from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

from ..jsonload import loads_limited


class JSONParser(parsers.JSONParser):
    """DRF's JSONParser, reading through jsonload.loads_limited: too deep answers 400 with why.

    Subclassed, not written from scratch: DRF reads a JSONParser's body through
    `request.body`, which is where Django enforces DATA_UPLOAD_MAX_MEMORY_SIZE (api.errors
    answers 413 for it).
    """

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        raw = stream.read()
        parse_constant = json.strict_constant if self.strict else None
        try:
            # UTF-8 (as JSON is, nearly always) goes in as bytes: loads_limited then accepts a
            # byte-order mark and names the offset of a bad byte.
            text = raw if codecs.lookup(encoding).name == "utf-8" else raw.decode(encoding)
            return loads_limited(text, parse_constant=parse_constant)
        except ValueError as error:
            raise ParseError(f"JSON parse error - {error}") from None
