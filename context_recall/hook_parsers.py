"""A JSON parser that also reads ``Content-Encoding: gzip`` bodies (the hook client
compresses every body over 1 KB, and always its spooled saves).

The compressed body is already bounded by ``MSP_MAX_BODY_BYTES`` (the body limit
middleware); the decompressed size is bounded here, while decompressing, so that a small
gzip bomb cannot make the server allocate gigabytes.
"""

from __future__ import annotations

import io
import zlib

from django.conf import settings
from rest_framework.exceptions import ParseError, UnsupportedMediaType

from msp.api.exceptions import PayloadTooLarge
from msp.api.parsers import StrictJSONParser

# Decompressed bytes allowed per compressed byte limit: transcripts compress about 5-10x.
GZIP_EXPANSION = 8
_READ_CHUNK = 64 * 1024


def max_decompressed_bytes() -> int:
    return settings.MSP_MAX_BODY_BYTES * GZIP_EXPANSION


def gunzip_capped(data: bytes, limit: int) -> bytes:
    """``data`` gunzipped; PayloadTooLarge beyond ``limit`` bytes, ParseError if corrupt."""
    decoder = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip header required
    out = bytearray()
    pending = data
    try:
        while pending:
            # max_length: never inflate more than what is still allowed (+1 to notice).
            out += decoder.decompress(pending, limit - len(out) + 1)
            if len(out) > limit:
                raise PayloadTooLarge(f"Decompressed request body larger than {limit} bytes.")
            pending = decoder.unconsumed_tail
            if decoder.eof:
                break
        if not decoder.eof:
            raise ParseError("Truncated gzip body.")
    except zlib.error as exc:
        raise ParseError("Corrupt gzip body.") from exc
    return bytes(out)


class GzipJSONParser(StrictJSONParser):
    """``application/json``, plain or gzip-encoded (``Content-Encoding: gzip``)."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        request = parser_context.get("request")
        meta = getattr(request, "META", {}) if request is not None else {}
        encoding = meta.get("HTTP_CONTENT_ENCODING", "").strip().lower()
        if encoding in ("", "identity"):
            return super().parse(stream, media_type, parser_context)
        if encoding not in ("gzip", "x-gzip"):
            raise UnsupportedMediaType(
                media_type, detail=f"Content-Encoding {encoding!r} is not supported; use gzip."
            )
        raw = stream.read() if stream is not None else b""
        data = gunzip_capped(raw, max_decompressed_bytes())
        return super().parse(io.BytesIO(data), media_type, parser_context)
