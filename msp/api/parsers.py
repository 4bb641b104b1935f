"""The API's one JSON parser: UTF-8 only, finite numbers only, bounded nesting.

DRF's own parser decodes whatever charset the client names, turns ``1e999`` into an
infinite float (stored as "inf" by a text field, refused by a database as a number) and
lets a deeply nested body raise ``RecursionError``, a 500.
"""

from __future__ import annotations

import codecs
import json
import math

from django.utils.http import parse_header_parameters
from rest_framework.exceptions import ParseError, UnsupportedMediaType
from rest_framework.parsers import JSONParser

# Deeper than any payload this API takes, and far
# below the interpreter's recursion limit that serializers and the redactor walk within.
MAX_JSON_DEPTH = 64


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def check_structure(data, max_depth: int = MAX_JSON_DEPTH) -> None:
    """ParseError if ``data`` nests deeper than ``max_depth`` or holds a non-finite number.

    Iterative, so that the check cannot itself run out of stack.
    """
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, float):
            if not math.isfinite(value):
                raise ParseError("JSON parse error - numbers must be finite.")
        elif isinstance(value, (dict, list)):
            if depth > max_depth:
                raise ParseError(f"JSON parse error - nested deeper than {max_depth} levels.")
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)


class StrictJSONParser(JSONParser):
    """``application/json`` in UTF-8 (RFC 8259 allows no other charset)."""

    def parse(self, stream, media_type=None, parser_context=None):
        # From the header itself: Django drops a charset it does not know, which would then
        # be read as UTF-8 silently.
        _, params = parse_header_parameters(media_type or "")
        charset = params.get("charset", "utf-8")
        try:
            utf8 = codecs.lookup(charset).name == "utf-8"
        except LookupError:
            utf8 = False
        if not utf8:
            raise UnsupportedMediaType(
                media_type, detail=f"JSON must be UTF-8; charset {charset!r} is not accepted."
            )
        raw = stream.read() if stream is not None else b""
        try:
            data = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
        except UnicodeDecodeError as exc:
            raise ParseError("JSON parse error - the body is not valid UTF-8.") from exc
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
        except RecursionError as exc:
            raise ParseError(
                f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels."
            ) from exc
        check_structure(data)
        return data
