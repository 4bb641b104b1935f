"""The project's one secret redactor.

Used on audit bodies, on everything context recall stores and again on recall output::

    redact(text) -> str            # secrets replaced by "[REDACTED:<kind>]", context kept
    redact_data(value) -> value    # the same over dicts/lists/tuples, plus secret-named keys
    contains_secret(text) -> bool

How it stays fast: every rule is a precompiled regex that starts with a literal
(``eyJ``, ``AKIA``, ``://``, ``pass`` ...), so the regex engine skips through clean text
with its literal search and a rule costs one C-level scan when nothing matches. Checks
that would need a look-behind (a leading look-behind disables that literal search) are
done in Python, only on the rare candidate matches. The case-insensitive rules search a
lower-cased copy of the text with lower-case literals (same indices, see ``_lowered``).
Clean input is returned as the very same object.

Why hand-written regexes and not detect-secrets: see docs/redaction.md (measured with
bench/redaction_bench.py). This module imports nothing outside the standard library and
never needs Django settings.
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
from collections.abc import Callable
from typing import Any

__all__ = ["MARKER_PREFIX", "contains_secret", "is_secret_key", "redact", "redact_data"]

MARKER_PREFIX = "[REDACTED:"

#: Nesting deeper than this in ``redact_data`` is replaced wholesale (fail closed).
MAX_DEPTH = 64


def _marker(kind: str) -> str:
    return f"{MARKER_PREFIX}{kind}]"


_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_B64URL = _ALNUM | frozenset("_-")
_NAME_CHARS = _ALNUM | frozenset("_.-")

Span = tuple[int, int, str]
Handler = Callable[["re.Match[str]", str], "Span | None"]


class _Rule:
    """One regex and a handler that turns a candidate match into a replacement (or None).

    ``lower``: the regex is searched in the lower-cased text (indices are the same), the
    handler still reads the original text. ``gate``: optional cheap substring test.
    ``skip_run``: after a refused match, search again from its end rather than from the
    next character. Token rules match a whole run of token characters, and retrying
    inside a run that was just refused would be quadratic on input like "eyJeyJeyJ...".
    """

    __slots__ = ("gate", "handler", "lower", "name", "search", "skip_run")

    def __init__(
        self,
        name: str,
        pattern: str,
        handler: Handler | None,
        *,
        lower: bool = False,
        gate: tuple[str, ...] = (),
        skip_run: bool = False,
    ):
        self.name = name
        self.skip_run = skip_run
        self.search = re.compile(pattern).search
        self.handler = handler
        self.lower = lower
        self.gate = gate

    def spans(self, text: str, haystack: str, m: re.Match[str]) -> list[Span]:
        """The replacements, in order and not overlapping; ``m`` is the first match."""
        search, handler = self.search, self.handler
        found: list[Span] = []
        while m is not None:
            span = handler(m, text)
            if span is None:
                m = search(haystack, m.end() if self.skip_run else m.start() + 1)
                continue
            found.append(span)
            m = search(haystack, max(span[1], m.start() + 1))
        return found


def _splice(text: str, spans: list[Span], *, lower: bool = False) -> str:
    parts: list[str] = []
    last = 0
    for start, end, replacement in spans:
        parts.append(text[last:start])
        parts.append(replacement.lower() if lower else replacement)
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _lowered(text: str) -> str:
    # str.lower() keeps the length of every character except U+0130, which becomes two.
    if "\u0130" in text:
        text = text.replace("\u0130", "I")
    return text.lower()


_JSON_ESCAPE_TAIL = re.compile(r"\\(?:[nrtbf]|u[0-9A-Fa-f]{4})\Z")


def _escape_before(text: str, i: int) -> int:
    """Length of a JSON/C escape (``\\n``, ``\\u00e9``) that ends at ``i``, else 0.
    Inside a JSON string "\\nghp_..." starts a line: the "n" is not part of the token."""
    if i < 2 or (text[i - 2] != "\\" and (i < 6 or text[i - 6] != "\\")):
        return 0
    m = _JSON_ESCAPE_TAIL.search(text, max(0, i - 6), i)
    if m is None:
        return 0
    backslashes = m.start()
    while backslashes > 0 and text[backslashes - 1] == "\\":
        backslashes -= 1
    return i - m.start() if (m.start() - backslashes) % 2 == 0 else 0


def _glued(text: str, i: int, chars: frozenset[str]) -> bool:
    """Whether position ``i`` continues a token: the previous character is in ``chars``
    and is not the end of an escape sequence."""
    return i > 0 and text[i - 1] in chars and not _escape_before(text, i)


# --- value helpers ------------------------------------------------------------------------

_DQ_BODY = re.compile(r'(?:[^"\\\n]|\\.)*')
_SQ_BODY = re.compile(r"(?:[^'\\\n]|\\.)*")
_ESC_DQ_BODY = re.compile(r'(?:[^\\"\n]|\\[^"\n])*')
_ESC_SQ_BODY = re.compile(r"(?:[^\\'\n]|\\[^'\n])*")
_TOKEN = re.compile(r"[^\s\"'`,;&<>]+")
_UNTIL_QUOTE = re.compile(r"[^\n\"']*")
_UNTIL = {"line": re.compile(r"[^\n]*"), '"': re.compile(r'[^\n"]*'), "'": re.compile(r"[^\n']*")}
_PLACEHOLDER = re.compile(
    r"\$[A-Za-z_][A-Za-z0-9_]*|\$\{[^}]*\}|\$\([^)]*\)|\{\{.*\}\}|%\([A-Za-z0-9_]+\)s"
    r"|%[A-Za-z_][A-Za-z0-9_]*%|<[^<>]*>|\*+|•+",
    re.S,
)
_CODE_REF = re.compile(
    r"(?:self|cls|this|settings|os|env|environ|config|conf|cfg|process|request|req|args"
    r"|opts|options|params|kwargs|ctx|form|data|creds|credentials|secrets|vault|app)"
    r"\.[A-Za-z_]|[A-Za-z_][A-Za-z0-9_.]*\("
)
# First words of a value that says where the password is rather than what it is.
_POINTERS = frozenset(("see", "in", "on", "at", "from", "ask", "stored", "saved", "same", "tbd"))
_LEAD_WORD = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(.?)")
_NON_VALUES = frozenset(
    (
        "null",
        "none",
        "nil",
        "true",
        "false",
        "undefined",
        "yes",
        "no",
        "on",
        "off",
        "str",
        "string",
        "bytes",
        "int",
        "integer",
        "bool",
        "boolean",
        "secretstr",
        "secretbytes",
        "optional",
        "any",
        "object",
        "text",
        "varchar",
        "char",
        "number",
        "list",
        "dict",
        "typing",
        "field",
        "models",
        "charfield",
        "required",
    )
)


def _quoted_span(text: str, start: int, quote: str, endpos: int | None = None) -> tuple[int, bool]:
    """End of a quoted value starting at ``start`` (just after the opening ``quote``,
    which may be an escaped ``\\"``) and whether the closing quote was found (a
    truncated body may lack it). Scans at most up to ``endpos``."""
    if len(quote) == 2:
        body = _ESC_DQ_BODY if quote[1] == '"' else _ESC_SQ_BODY
    else:
        body = _DQ_BODY if quote == '"' else _SQ_BODY
    end = body.match(text, start, len(text) if endpos is None else endpos).end()
    return end, text.startswith(quote, end)


def _trim_token(text: str, start: int, end: int) -> int:
    """Shorten an unquoted token: stop at a literal ``\\n``/``\\r``/``\\t`` (a token
    inside a JSON string ends at the escaped newline), never split an escape pair (so
    JSON stays valid), and drop closing brackets it does not open (``f(password=x)``)."""
    token = text[start:end]
    if "\\" in token:
        i = 0
        while True:
            i = token.find("\\", i)
            if i < 0 or i == len(token) - 1:
                break
            if token[i + 1] in "nrt":
                token = token[:i]
                break
            i += 2
        trailing = len(token) - len(token.rstrip("\\"))
        if trailing % 2 and text[start + len(token) : start + len(token) + 1] in ('"', "'"):
            token = token[:-1]  # the backslash escapes the quote that ends the token
    while token and token[-1] in ")]}":
        opener = {")": "(", "]": "[", "}": "{"}[token[-1]]
        if token.count(opener) >= token.count(token[-1]):
            break
        token = token[:-1]
    return start + len(token)


def _skip_value(value: str, *, quoted: bool, name: str = "") -> bool:
    """True when a value is empty, already redacted or clearly not a secret."""
    stripped = value.strip()
    if not stripped or stripped in ('""', "''") or stripped.startswith(MARKER_PREFIX):
        return True
    if _PLACEHOLDER.fullmatch(stripped):
        return True
    if quoted:
        return False
    if stripped.startswith(("$(", "`")):  # command substitution: $(cat ~/.pgpass)
        return True
    lead = _LEAD_WORD.match(stripped)
    if lead and lead.group(1).lower() in _NON_VALUES and lead.group(2) in "[ |=,)]?":
        return True
    first, _, rest = stripped.partition(" ")
    if first.lower() in _POINTERS or (rest and _PLACEHOLDER.fullmatch(first)):
        return True  # "password: see vault", "Password: in the vault", "**** (masked)"
    if name and stripped.lower() == name.lower():  # password=password (code)
        return True
    return _CODE_REF.match(stripped) is not None


def _line_context(text: str, i: int) -> tuple[bool, str]:
    """For a name at ``i``: whether only indentation, a YAML list dash or an opening
    quote precede it on its line, and that quote (``"Cookie: a=b; c=d"``) if any."""
    j = i
    while j > 0 and text[j - 1] in " \t-":
        j -= 1
    quote = text[j - 1] if j > 0 and text[j - 1] in "\"'" else ""
    if quote:
        j -= 1
        while j > 0 and text[j - 1] in " \t-":
            j -= 1
    return j == 0 or text[j - 1] in "\r\n", quote


# --- secret names ------------------------------------------------------------------------

_SECRET_WORDS = (
    r"secret[_-]?access[_-]?key|shared[_-]?access[_-]?key|account[_-]?key|access[_-]?key"
    r"|secret[_-]?key|private[_-]?key|signing[_-]?key|encryption[_-]?key|master[_-]?key"
    r"|subscription[_-]?key|api[_-]?key|client[_-]?secret|secret|password|passwd"
    r"|passphrase|pass|pwd|token|set[_-]cookie|cookie|sig"
)
# The word must start a part of the name: at its start, after _ . - , at a camelCase
# hump (dbPassword), or anywhere when it is a strong word (PGPASSWORD, csrftoken) --
# so "bypass" or "monkey" are not secret names but "rootpassword" is.
_SECRET_NAME = re.compile(
    r"(?:^|(?<=[_.\-])|(?<=[a-z0-9])(?=[A-Z])"
    r"|(?<=[A-Za-z0-9])(?=(?i:password|passwd|passphrase|secret|token|api[_-]?key)$))"
    r"(?P<kw>(?i:" + _SECRET_WORDS + r"))$"
)
# Names whose value redact_data always hides, beyond those above.
_DATA_ONLY_NAME = re.compile(
    r"(?i:(?:^|[_.\-])(?:connection[_-]?string|conn[_-]?str|authorization)$)"
)
# (word without separators, kind); kept as pairs, not a dict literal, so that secret
# scanners do not read them as hard-coded credentials.
_KIND_BY_WORD = dict(
    (
        ("secretaccesskey", "aws_secret_key"),
        ("sharedaccesskey", "azure_shared_access_key"),
        ("accountkey", "azure_storage_key"),
        ("clientsecret", "client_secret"),
        ("setcookie", "cookie"),
        ("sig", "sas_token"),
        *((word, "password") for word in ("password", "passwd", "passphrase", "pass", "pwd")),
    )
)


def _kind_for(word: str) -> str:
    key = word.lower().replace("_", "").replace("-", "")
    kind = _KIND_BY_WORD.get(key)
    if kind:
        return kind
    if key.endswith("key") and len(key) > 3:
        return key[:-3] + "_key"
    return key


@functools.lru_cache(maxsize=2048)
def _secret_word(name: str) -> str | None:
    m = _SECRET_NAME.search(name)
    return m.group("kw") if m else None


def is_secret_key(name: str) -> bool:
    """Whether a mapping key (``DB_PASSWORD``, ``clientSecret``, ``x-api-key``,
    ``connection_string``...) names a secret, for ``redact_data``."""
    if not isinstance(name, str) or len(name) > 200:
        return False
    word = _secret_word(name)
    if word is not None:
        return word.lower() not in ("pass", "sig")  # too ambiguous without a value shape
    return _DATA_ONLY_NAME.search(name) is not None


def _data_kind(name: str) -> str:
    word = _secret_word(name)
    if word is not None:
        return _kind_for(word)
    m = _DATA_ONLY_NAME.search(name)
    tail = m.group(0).lower() if m else ""
    return "authorization" if tail.endswith("authorization") else "connection_string"


# --- handlers ----------------------------------------------------------------------------


def _whole(kind: str, *, boundary: frozenset[str] = _ALNUM) -> Handler:
    """Replace the whole match, unless it is glued to a preceding ``boundary`` char."""
    marker = _marker(kind)

    def handler(m: re.Match[str], text: str) -> Span | None:
        if _glued(text, m.start(), boundary):
            return None
        return m.start(), m.end(), marker

    return handler


class _PemRule(_Rule):
    """Whole private-key blocks, BEGIN line to END line, newlines real or escaped."""

    __slots__ = ()

    def spans(self, text: str, haystack: str, m: re.Match[str]) -> list[Span]:
        marker = _marker("private_key")
        found: list[Span] = []
        end_missing = False  # once no END follows position p, none follows any later one
        while m is not None:
            # Look back over the dashes of "-----BEGIN" (or "---- BEGIN" in SSH2 files).
            j = m.start()
            if j > 0 and text[j - 1] == " ":
                j -= 1
            k = j
            while k > 0 and text[k - 1] == "-":
                k -= 1
            if j - k < 3:
                m = self.search(text, m.start() + 1)
                continue
            end = None if end_missing else _PEM_END.search(text, m.end())
            if end is not None:
                stop = end.end()
            else:
                # No END line: a truncated body. Hide what still looks like key material.
                end_missing = True
                stop = _PEM_TAIL.match(text, m.end()).end()
            found.append((k, stop, marker))
            m = self.search(text, stop)
        return found


_PEM_END = re.compile(
    r"END[ \t]+(?:[A-Z0-9]+[ \t]+){0,4}PRIVATE[ \t]+KEY(?:[ \t]+BLOCK)?[ \t]*-{3,}"
)
_PEM_TAIL = re.compile(
    r"(?:(?:Proc-Type|DEK-Info|Comment|Version|Hash|Charset):[^\n\\]*"
    r"|[A-Za-z0-9+/=\s-]|\\[rn])*"
)

# Authorization schemes followed by one credential token, and the kind it is shown as.
_AUTH_SCHEMES = dict.fromkeys(
    (
        "token",
        "apikey",
        "api-key",
        "key",
        "sso-key",
        "bot",
        "jwt",
        "dpop",
        "negotiate",
        "ntlm",
        "ssws",
        "splunk",
        "sharedaccesssignature",
    ),
    "authorization",
) | {"bearer": "bearer_token", "basic": "basic_auth"}
# Schemes whose credentials are comma-separated parameters: hide the rest of the value.
_PARAM_SCHEMES = frozenset(
    {"digest", "oauth", "aws4-hmac-sha256", "sharedkey", "sharedkeylite", "hawk", "mac"}
)
_SCHEME_WORD = re.compile(r"([A-Za-z][A-Za-z0-9._-]*)[ \t]+(?=\S)")


def _authorization_value(text: str, start: int, vq: str | None) -> Span | None:
    """Redact the credentials of an Authorization value that starts at ``start``,
    keeping the scheme word (``Bearer``, ``Basic``...)."""
    kind = "authorization"
    scheme = _SCHEME_WORD.match(text, start, start + 64)
    offset = start
    if scheme:
        word = scheme.group(1).lower()
        if word in _AUTH_SCHEMES:
            kind = _AUTH_SCHEMES[word]
            offset = scheme.end()
        elif word in _PARAM_SCHEMES:  # Digest username="..", response=".." -> all of it
            offset = scheme.end()
            if vq:
                end = _quoted_span(text, offset, vq, offset + 8192)[0]
            else:
                end = _UNTIL_QUOTE.match(text, offset, offset + 8192).end()
            end = offset + len(text[offset:end].rstrip())
            if _skip_value(text[offset:end], quoted=True):
                return None
            return offset, end, _marker("authorization")
    token = _TOKEN.match(text, offset)
    if token is None:
        return None
    end = _trim_token(text, offset, token.end())
    if _skip_value(text[offset:end], quoted=False):
        return None
    return offset, end, _marker(kind)


def _authorization(m: re.Match[str], text: str) -> Span | None:
    if _glued(text, m.start(), _ALNUM):
        return None
    return _authorization_value(text, m.end(), m.group("vq"))


def _bearer(m: re.Match[str], text: str) -> Span | None:
    if _glued(text, m.start(), _ALNUM):
        return None
    token = text[m.start("tok") : m.end("tok")]
    looks_random = len(token) >= 32 or (
        len(token) >= 8 and any(c.isdigit() or c in "._~+/=-" for c in token)
    )
    if not looks_random:
        return None
    return m.start("tok"), m.end("tok"), _marker("bearer_token")


def _basic(m: re.Match[str], text: str) -> Span | None:
    if _glued(text, m.start(), _ALNUM):
        return None
    token = text[m.start("tok") : m.end("tok")]
    try:
        decoded = base64.b64decode(token + "=" * (-len(token) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
    if b":" not in decoded:
        return None
    return m.start("tok"), m.end("tok"), _marker("basic_auth")


_URL_RUN = re.compile(r"[^\s\"'<>]*")
_URL_PATH = re.compile(r"[/?#]")
_HOST_START = _ALNUM | frozenset("[%._-")


def _host_at(text: str, start: int, end: int) -> int:
    """The last "@" in ``text[start:end]`` that a host name follows, or -1."""
    for _ in range(8):
        at = text.rfind("@", start, end)
        if at < 0 or text[at + 1 : at + 2] in _HOST_START:
            return at
        end = at
    return -1


class _UrlRule(_Rule):
    """``scheme://user:{password}@host``: the password is hidden, the rest kept.

    The password ends at the last "@" before the first "/", "?" or "#" -- or, when it
    contains one of those itself, at the last "@" of the whole run. Each run of URL
    characters is measured once, so even "://://://..." stays linear."""

    __slots__ = ()

    def spans(self, text: str, haystack: str, m: re.Match[str]) -> list[Span]:
        marker = _marker("url_password")
        found: list[Span] = []
        run_end = -1
        while m is not None:
            start = m.end()
            if start > run_end:
                run_end = _URL_RUN.match(text, start).end()
            limit = min(run_end, start + 1024)
            path = _URL_PATH.search(text, start, limit)
            at = _host_at(text, start, path.start() if path else limit)
            if at < 0 and path:
                at = _host_at(text, start, limit)
            password = text[start:at] if at > start else ""
            if (
                not password
                or password.split("/", 1)[0].isdigit()  # host:port/path@...
                or _skip_value(password, quoted=True)
            ):
                m = self.search(text, m.start() + 1)
                continue
            found.append((start, at, marker))
            m = self.search(text, at)
        return found


def _keep_prefix(kind: str) -> Handler:
    marker = _marker(kind)

    def handler(m: re.Match[str], text: str) -> Span | None:
        return m.start("secret"), m.end("secret"), marker

    return handler


def _jwt(m: re.Match[str], text: str) -> Span | None:
    # header.payload.signature (JWE has five parts; an unsigned token an empty signature).
    if _glued(text, m.start(), _B64URL):
        return None
    parts = m.group().split(".")
    if len(parts) < 3 or len(parts[0]) < 7 or len(parts[1]) < 2:
        return None
    end = m.end()
    if len(parts) > 3 and not parts[-1]:
        end -= 1  # "... eyJ.a.b." -- the last dot ends a sentence
    return m.start(), end, _marker("jwt")


def _github(m: re.Match[str], text: str) -> Span | None:
    if _glued(text, m.start(), _B64URL):
        return None
    return m.start(), m.end(), _marker("github_token")


def _stripe(m: re.Match[str], text: str) -> Span | None:
    # The regex starts at "k_live_" (a literal); the key starts one character earlier.
    start = m.start() - 1
    if start < 0 or text[start] not in "sr" or _glued(text, start, _ALNUM):
        return None
    return start, m.end(), _marker("stripe_key")


_AZ_SECRET_CHARS = _ALNUM | frozenset("_~.-")


def _azure_client_secret(m: re.Match[str], text: str) -> Span | None:
    # Entra ID client secrets: 3 chars, a digit, "Q~", then 31-34 chars.
    start = m.start() - 4
    if start < 0:
        return None
    head = text[start : m.start()]
    if not (all(c in _AZ_SECRET_CHARS for c in head[:3]) and head[3].isdigit()):
        return None
    if _glued(text, start, _AZ_SECRET_CHARS):
        return None
    return start, m.end(), _marker("azure_client_secret")


_PROBE = 256  # a value is vetted on its first _PROBE characters


def _value_end(text: str, start: int, vq: str | None, mode: str, endpos: int | None) -> int:
    if vq:
        return _quoted_span(text, start, vq, endpos)[0]
    stop = len(text) if endpos is None else endpos
    if mode == "token":
        token = _TOKEN.match(text, start, stop)
        return start if token is None else _trim_token(text, start, token.end())
    rest = _UNTIL[mode].match(text, start, stop).end()
    return start + len(text[start:rest].rstrip())


def _value_after(
    m: re.Match[str], text: str, name: str, kind: str, *, mode: str = "token"
) -> Span | None:
    """Locate and vet the value that follows a ``name<sep>`` match. ``mode``: "token"
    (up to a space, quote, ``&``, ``;`` or ``,``), "line" (rest of the line: YAML,
    headers) or a quote character (up to it or the end of the line: ``"Cookie: ..."``).

    The value is vetted on a bounded prefix first: a refused candidate costs O(1)
    however long the line, so repeated candidates on one huge line stay linear."""
    vq = m.group("vq")
    start = m.end()
    if not vq and (start >= len(text) or text[start] in "{[(\\"):
        return None
    end = _value_end(text, start, vq, mode, start + _PROBE)
    value = text[start:end]
    if _skip_value(value, quoted=bool(vq), name=name):
        return None
    if kind == "password" and not vq and name.lower().endswith("pwd") and value[:1] in "/~":
        return None  # PWD=/home/alice in `env` output is a directory
    if end - start >= _PROBE - 1:
        end = _value_end(text, start, vq, mode, None)
    return start, end, _marker(kind)


def _name_before(text: str, end: int) -> tuple[int, str]:
    """The identifier (``DB_PASSWORD``, ``x-api-key``...) that ends at ``end``; in
    "\\nDB_PASSWORD" (a JSON string) the name starts after the escape."""
    start = end
    limit = max(0, end - 96)
    while start > limit and text[start - 1] in _NAME_CHARS:
        start -= 1
    if start > 0 and text[start - 1] == "\\":
        for skip in (1, 5):
            if start + skip < end and _escape_before(text, start + skip) == skip + 1:
                start += skip
                break
    return start, text[start:end]


def _key_value(m: re.Match[str], text: str) -> Span | None:
    name_start, name = _name_before(text, m.end("name"))
    word = _secret_word(name)
    if word is None:
        return None
    kind = _kind_for(word)
    sep = m.group("sep")
    if kind == "sas_token":
        if sep != "=":
            return None
        span = _value_after(m, text, name, kind)
        if span is None or span[1] - span[0] < 16:
            return None
        return span
    sep_start, sep_end = m.start("sep"), m.end("sep")
    if (
        sep == "="
        and m.group("vq") is None
        and text[sep_end : sep_end + 1] in (" ", "\t")
        and text[sep_start - 1] not in " \t"
    ):
        return None  # "password= next": an empty value (shell), not "password = x" (ini)
    mode = "token"
    if sep == ":" or kind == "cookie":
        line_start, quote = _line_context(text, name_start)
        if quote and (line_start or kind == "cookie"):
            mode = quote  # "password: two words" inside a quoted string
        elif line_start or kind == "cookie":
            mode = "line"
    return _value_after(m, text, name, kind, mode=mode)


def _cli_flag(m: re.Match[str], text: str) -> Span | None:
    start = m.start()
    if _glued(text, start, _NAME_CHARS):
        return None
    flag = text[m.start("name") : m.end("name")]
    if flag.lower().startswith("no-"):
        return None
    word = _secret_word(flag)
    if word is None:
        return None
    if m.group("vq") is None and text.startswith("-", m.end()):
        return None
    return _value_after(m, text, flag, _kind_for(word))


def _user_flag(m: re.Match[str], text: str) -> Span | None:
    if _glued(text, m.start(), _NAME_CHARS):
        return None
    user, password = m.group("user"), m.group("pw")
    if user.isdigit() and password.isdigit():  # docker -u 1000:1000
        return None
    if "]" in user or password.startswith(MARKER_PREFIX[1:]):  # inside "[REDACTED:x]"
        return None
    end = _trim_token(text, m.start("pw"), m.end("pw"))
    if _skip_value(text[m.start("pw") : end], quoted=False):
        return None
    return m.start("pw"), end, _marker("password")


def _xml(m: re.Match[str], text: str) -> Span | None:
    word = _secret_word(text[m.start("tag") : m.end("tag")])
    if word is None or _skip_value(text[m.start("v") : m.end("v")], quoted=True):
        return None
    return m.start("v"), m.end("v"), _marker(_kind_for(word))


# --- command lines ------------------------------------------------------------------------
# Secrets passed as arguments: the command word is the literal the regex searches for,
# and the arguments of that one command (up to a newline, |, ;, &, <, > or ")") are read
# in Python. Only a handful of commands take a password this way, so their flags are
# listed one by one: a generic "-p" would redact ports, paths and profiles.

_ARG_END = frozenset("\r\n|;&<>)`")
_ARG_VALUE = re.compile(r"[^\s\"'`<>|;&]+")
_ARGS_LIMIT = 600  # characters of one command that are read
_ESCAPED_QUOTES = ('\\"', "\\'")


def _escaped_newline(text: str, i: int) -> bool:
    """Whether the backslash at ``i`` starts a JSON ``\\n``/``\\r`` (an odd run of
    backslashes): a command inside a JSON string ends there."""
    if text[i + 1 : i + 2] not in ("n", "r"):
        return False
    j = i
    while j > 0 and text[j - 1] == "\\":
        j -= 1
    return (i - j) % 2 == 0


def _args(text: str, i: int) -> tuple[list[tuple[int, int]], int]:
    """Spans of the arguments of a command line starting at ``i``, and where it stops.
    Quoted parts (``'a b'``, ``\\"a b\\"`` inside JSON) belong to their argument; an
    unbalanced quote (the end of the JSON string around the command) ends it."""
    out: list[tuple[int, int]] = []
    stop = min(len(text), i + _ARGS_LIMIT)
    while len(out) < 48:
        while i < stop and text[i] in " \t":
            i += 1
        if i >= stop or text[i] in _ARG_END or (text[i] == "\\" and _escaped_newline(text, i)):
            break
        start = i
        while i < stop:
            c = text[i]
            if c in " \t" or c in _ARG_END or (c == "\\" and _escaped_newline(text, i)):
                break
            if c in "\"'" or (c == "\\" and text.startswith(_ESCAPED_QUOTES, i)):
                quote = text[i : i + 2] if c == "\\" else c
                end, closed = _quoted_span(text, i + len(quote), quote, stop)
                if not closed:
                    break
                i = end + len(quote)
                continue
            i += 1
        if i == start:
            break
        out.append((start, i))
    return out, i


def _arg_value(text: str, start: int, end: int | None = None) -> Span | None:
    """The password that starts at ``start`` (quoted or bare), vetted, as a span."""
    quote = text[start : start + 2] if text.startswith(_ESCAPED_QUOTES, start) else ""
    if not quote and text[start : start + 1] in ("'", '"'):
        quote = text[start]
    if quote:
        vstart = start + len(quote)
        vend, _ = _quoted_span(text, vstart, quote, vstart + _PROBE)
    else:
        vstart = start
        m = _ARG_VALUE.match(text, start, len(text) if end is None else end)
        if m is None:
            return None
        vend = _trim_token(text, start, m.end())
    value = text[vstart:vend]
    if _skip_value(value, quoted=bool(quote)) or value in ("*", "-"):
        return None
    if quote == '"' and _JSON_PUNCTUATION.match(value):
        return None  # -p", "next": the quote ended the JSON string around the command
    return vstart, vend, _marker("password")


def _flag_value(
    text: str, args: list[tuple[int, int]], flags: tuple[str, ...], *, glued: bool, spaced: bool
) -> Span | None:
    """The value of the first of ``flags`` (case-sensitive): ``-pX`` when ``glued``,
    ``-p X`` when ``spaced``."""
    for n, (s, e) in enumerate(args):
        for flag in flags:
            if not text.startswith(flag, s):
                continue
            if s + len(flag) == e:
                if spaced and n + 1 < len(args):
                    nxt = args[n + 1][0]
                    if not text.startswith("-", nxt):
                        return _arg_value(text, nxt, args[n + 1][1])
            elif glued:
                return _arg_value(text, s + len(flag), e)
    return None


def _positionals(
    text: str, args: list[tuple[int, int]], option_chars: str
) -> list[tuple[int, int]]:
    return [(s, e) for s, e in args if text[s] not in option_chars]


def _cmd_mysql(text: str, args: list[tuple[int, int]]) -> Span | None:
    # -pSECRET only: "-p db" (a space) prompts and names the database; -P is the port.
    return _flag_value(text, args, ("-p",), glued=True, spaced=False)


def _cmd_sshpass(text: str, args: list[tuple[int, int]]) -> Span | None:
    return _flag_value(text, args, ("-p",), glued=True, spaced=True)


def _cmd_psexec(text: str, args: list[tuple[int, int]]) -> Span | None:
    return _flag_value(text, args, ("-p",), glued=False, spaced=True)


def _cmd_sqlcmd(text: str, args: list[tuple[int, int]]) -> Span | None:
    return _flag_value(text, args, ("-P",), glued=True, spaced=True)


def _cmd_ldap(text: str, args: list[tuple[int, int]]) -> Span | None:
    return _flag_value(text, args, ("-w",), glued=True, spaced=True)


def _cmd_smbclient(text: str, args: list[tuple[int, int]]) -> Span | None:
    # -U user%password, -Uuser%password, --user=user%password, --user user%password
    for n, (s, e) in enumerate(args):
        token = text[s:e]
        if token in ("-U", "--user", "--username") and n + 1 < len(args):
            s, e = args[n + 1]
        elif token.startswith(("--user=", "--username=")):
            s += token.index("=") + 1
        elif token.startswith("-U") and len(token) > 2:
            s += 2
        else:
            continue
        cut = text.find("%", s, e)
        if cut < 0:
            return None
        span = _arg_value(text, cut + 1, e)
        if span is not None and text[s] in "\"'" and span[1] > span[0]:
            # '-U "DOMAIN\\user%pass"': the quote opened before the user name.
            end = _quoted_span(text, s + 1, text[s], e)[0]
            return cut + 1, end, span[2]
        return span
    return None


def _cmd_htpasswd(text: str, args: list[tuple[int, int]]) -> Span | None:
    # htpasswd -b[c|B|...] FILE USER PASSWORD, or -nb USER PASSWORD (no file).
    flags = "".join(text[s + 1 : e] for s, e in args if text[s] == "-")
    if "b" not in flags:
        return None
    positionals = _positionals(text, args, "-")
    index = 1 if "n" in flags else 2
    if len(positionals) <= index:
        return None
    return _arg_value(text, *positionals[index])


def _cmd_net(text: str, args: list[tuple[int, int]], verb: str) -> Span | None:
    positionals = _positionals(text, args, "/")
    if verb == "user":  # net user NAME PASSWORD [/add]; "*" prompts
        return _arg_value(text, *positionals[1]) if len(positionals) > 1 else None
    # net use [X: | *] \\server\share [PASSWORD | *] [/user:NAME]
    rest = [
        (s, e)
        for s, e in positionals
        if not (e - s == 2 and text[s + 1] == ":") and not text.startswith("\\\\", s)
    ]
    return _arg_value(text, *rest[0]) if rest else None


def _cmd_securestring(text: str, args: list[tuple[int, int]]) -> Span | None:
    # ConvertTo-SecureString 'X' -AsPlainText -Force, or -String 'X' anywhere among them.
    n = 0
    while n < len(args):
        s, e = args[n]
        token = text[s:e].lower()
        if token == "-string" and n + 1 < len(args):
            return _arg_value(text, *args[n + 1])
        if token.startswith("-") and not token.startswith("-string:"):
            if token in ("-key", "-securekey"):
                n += 1  # an argument of its own, not the string
            n += 1
            continue
        if token.startswith("-string:"):
            return _arg_value(text, s + len("-string:"), e)
        return _arg_value(text, s, e)
    return None


def _cmd_echo(text: str, word: str, args: list[tuple[int, int]], stop: int) -> Span | None:
    # echo SECRET | sudo -S ...: the password is read from standard input.
    if not text.startswith("|", stop) or _SUDO_S.match(text, stop + 1) is None:
        return None
    positionals = [(s, e) for s, e in args if not _ECHO_FLAG.fullmatch(text, s, e)]
    if not positionals:
        return None
    if word == "printf":  # printf '%s\n' SECRET, or printf 'SECRET\n'
        has_format = len(positionals) > 1 and "%" in text[slice(*positionals[0])]
        return _arg_value(text, *positionals[-1 if has_format else 0])
    if len(positionals) == 1:
        return _arg_value(text, *positionals[0])
    start, end = positionals[0][0], positionals[-1][1]  # echo two words | sudo -S
    if _skip_value(text[start:end], quoted=False):
        return None
    return start, end, _marker("password")


_ECHO_FLAG = re.compile(r"-[neE]+")
_SUDO_S = re.compile(r"[ \t]*sudo(?:[ \t]+-[A-Za-z]+)*?[ \t]+(?:-[A-Za-z]*S[A-Za-z]*|--stdin)\b")

_COMMANDS: dict[str, Callable[[str, list[tuple[int, int]]], Span | None]] = {
    "mysql": _cmd_mysql,
    "mysqldump": _cmd_mysql,
    "mysqladmin": _cmd_mysql,
    "mysqlimport": _cmd_mysql,
    "mysqlcheck": _cmd_mysql,
    "mysqlsh": _cmd_mysql,
    "mariadb": _cmd_mysql,
    "mariadb-dump": _cmd_mysql,
    "mariadb-admin": _cmd_mysql,
    "mariadb-import": _cmd_mysql,
    "mariadb-check": _cmd_mysql,
    "sshpass": _cmd_sshpass,
    "psexec": _cmd_psexec,
    "psexec64": _cmd_psexec,
    "sqlcmd": _cmd_sqlcmd,
    "ldapsearch": _cmd_ldap,
    "ldapmodify": _cmd_ldap,
    "ldapadd": _cmd_ldap,
    "ldapdelete": _cmd_ldap,
    "ldappasswd": _cmd_ldap,
    "smbclient": _cmd_smbclient,
    "rpcclient": _cmd_smbclient,
    "htpasswd": _cmd_htpasswd,
}


class _CommandRule(_Rule):
    """A rule whose handler reads a whole command: it returns ``(span or None, end of
    the command's arguments)``, and the search resumes after those arguments. Every
    match inside them belongs to the same command and would find the same answer, so
    each command is read once however many candidates it holds (linear time)."""

    __slots__ = ()

    def spans(self, text: str, haystack: str, m: re.Match[str]) -> list[Span]:
        found: list[Span] = []
        while m is not None:
            span, stop = self.handler(m, text)
            resume = max(stop, m.end())
            if span is not None and span[0] >= m.start() and (not found or span[0] >= found[-1][1]):
                found.append(span)
                resume = max(resume, span[1])
            m = self.search(haystack, resume)
        return found


def _command(m: re.Match[str], text: str) -> tuple[Span | None, int]:
    """``net user`` / ``net use`` and ``ConvertTo-SecureString``: found by their name."""
    start = m.start()
    if m.group("cmd") == "securestring":
        if text[max(0, start - 10) : start].lower() != "convertto-":
            return None, m.end()
        start -= 10
    # The command word stands alone or ends a path (C:\Windows\System32\net.exe).
    if _glued(text, start, _ALNUM | frozenset("_-.")):
        return None, m.end()
    args, stop = _args(text, m.end())
    if not args:
        return None, stop
    verb = m.groupdict().get("verb")
    return (_cmd_net(text, args, verb) if verb else _cmd_securestring(text, args)), stop


_SEGMENT_END = frozenset("\r\n|;&()`")
_SEGMENT_CHARS = (" ", "\t", *_SEGMENT_END)


def _command_before(text: str, flag: int) -> tuple[int, str] | None:
    r"""The command that the flag at ``flag`` is an argument of: the end of its name and
    the name, walking back over at most 8 arguments and never past a separator or a
    newline (real or JSON-escaped). ``"mysql`` (a JSON string's start), ``/usr/bin/mysql``
    and ``C:\Tools\PsExec64.exe`` all name their command."""
    i = flag
    for _ in range(8):
        while i > 0 and text[i - 1] in " \t":
            i -= 1
        end = i
        floor = max(0, end - 96)  # a longer "argument" is no command name: stay linear
        separator = max(text.rfind(c, floor, end) for c in _SEGMENT_CHARS)
        if separator + 1 == end:
            return None
        # No separator within reach: the last 96 characters of a longer word, which
        # names a command only if a JSON escape ends a line or a field inside it
        # (escaped non-ASCII text before "\nmysqldump" makes a long word).
        cut = separator < 0 and floor > 0
        i = floor if cut else separator + 1
        word = text[i:end]
        newline = word.rfind("\\n")
        line_break = newline >= 0 and _escaped_newline(text, i + newline)
        escaped = line_break
        if line_break:
            word = word[newline + 2 :]
        for escape in ("\\t", "\\r"):  # "\tmysqldump" at the start of a JSON string
            _, found, word = word.rpartition(escape)
            escaped = escaped or bool(found)
        if cut and not escaped:
            return None
        name = word.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].lstrip("\"'").lower()
        name = name.removesuffix(".exe")
        if name in _COMMANDS:
            return end, name
        if cut or line_break or i == 0 or text[i - 1] in _SEGMENT_END:
            return None
    return None


def _flag(m: re.Match[str], text: str) -> tuple[Span | None, int]:
    found = _command_before(text, m.start())
    if found is None:
        return None, m.end()
    end, name = found
    args, stop = _args(text, end)
    if stop < m.end():
        return None, m.end()  # the flag belongs to a later command of the line
    return _COMMANDS[name](text, args), stop


def _sudo(m: re.Match[str], text: str) -> Span | None:
    # echo SECRET | sudo -S ...: the password comes from the command before the pipe,
    # which starts its segment (after a newline, ;, &, | or an opening bracket or quote).
    pipe = m.start() - 1
    while pipe >= 0 and text[pipe] in " \t":
        pipe -= 1
    if pipe < 0 or text[pipe] != "|" or _SUDO_S.match(text, pipe + 1) is None:
        return None
    lo = max(0, pipe - _ARGS_LIMIT)
    start = max(text.rfind(c, lo, pipe) for c in "\n;&|(") + 1
    start = max(start, lo)
    escaped = text.rfind("\\n", start, pipe)
    if escaped >= 0 and _escaped_newline(text, escaped):
        start = escaped + 2
    segment = text[start:pipe].lower()
    at = max(segment.rfind("echo "), segment.rfind("printf "), segment.rfind("echo\t"))
    if at < 0 or (at > 0 and segment[at - 1] not in " \t\"'(\\"):
        return None
    word = "printf" if segment.startswith("printf", at) else "echo"
    args, stop = _args(text, start + at + len(word))
    if stop != pipe and text[stop:pipe].strip(" \t"):
        return None
    return _cmd_echo(text, word, args, pipe)


def _ps_password(m: re.Match[str], text: str) -> Span | None:
    # Set-ADAccountPassword -NewPassword 'X', New-LocalUser -Password 'X': PowerShell wants
    # a SecureString there, but a plain string is what gets typed (and logged).
    dash = text.rfind("-", max(0, m.start() - 30), m.start() + 1)
    if dash < 0 or _glued(text, dash, _NAME_CHARS):
        return None
    start = m.end()
    if start >= len(text) or text[start] in "($-":
        return None
    return _arg_value(text, start)


_COMMAND_RULES = (
    # -p (mysql, mariadb, sshpass, psexec, sqlcmd's -P), -w (ldap*), -U (smbclient),
    # -b in any cluster (htpasswd -b, -bc, -nbB)
    _CommandRule("command_flag", r"-(?:[pwu]|[a-z]{0,3}b(?=[a-z]*[ \t]))", _flag, lower=True),
    _Rule("command_sudo", r"sudo[ \t]", _sudo, lower=True),
    _CommandRule(
        "command", r"(?P<cmd>net)1?(?:\.exe)?[ \t]+(?P<verb>user?)(?=[ \t])", _command, lower=True
    ),
    _CommandRule("command", r"(?P<cmd>securestring)(?=[ \t])", _command, lower=True),
    _Rule(
        "ps_password",
        r"password(?:(?<=-password)|(?<=-newpassword)|(?<=-oldpassword)|(?<=-accountpassword)"
        r"|(?<=administratorpassword))[ \t]+",
        _ps_password,
        lower=True,
    ),
)


# --- secrets said in plain language -------------------------------------------------------
# "the password is X", "pw: X", "changed the admin password to X", "PIN for the alarm is
# X", with the usual typos. Prose talks about passwords far more often than it spells one
# out ("the password is in the vault", "password policy is 14 characters"), so the value
# must look like a password, not like a word, a number of characters or a host name.

# One rule per leading literal ("p", "secret", "token", "key"): each costs one fast
# literal scan on clean text.
_PROSE_NAMES = (
    # Atomic after the literal: "password policy" fails once, not again as "pass".
    r"p(?>as(?:s{0,2}(?:w(?:or|ro|o|r)?d|owrd|ord|phrase|code)|s)"  # pasword, passwrod, pass
    r"|ssw(?:or|o|r)?d|w(?:o?r?d)?|/w(?:ord)?|in(?:[ \t]?code)?)",
    r"secret",
    r"token",
    r"key",
)
_STRONG_NAMES = re.compile(_PROSE_NAMES[0].replace(r"|in(?:[ \t]?code)?", ""))
# "password for the guest wifi is X", "pin of the alarm: X"
_PROSE_QUALIFIER = r"(?:[ \t]+(?:for|of|on)(?:[ \t]+[^\s:=\"']{1,40}){1,4}?)?"
# After a verb or nothing at all, only a value with a digit or a symbol (or quoted) is
# worth a look in Python: "the password is in the vault" ends in the regex engine.
_PROSE_GATE = (
    r"(?=\\?[\"']|[`\u201c\u2018]|[^\s\"'<>0-9!#$%&*+@?^~_=/\\-]{0,64}+[0-9!#$%&*+@?^~_=/\\-]"
    r"|[a-z]{20})"  # or long enough to be a token whose case the lowered text hides
)
_PROSE_VERB = (
    r"(?:(?:is|was|are|were|will[ \t]+be|should[ \t]+be|ha(?:s|ve|d)[ \t]+been)"
    r"(?:[ \t]+(?:now|still|currently|temporarily|just))?"
    r"(?:[ \t]+(?:changed|reset|set|updated|rotated)[ \t]+to)?"
    r"|(?:now|changed|reset|set|updated|rotated)[ \t]+to|to)"
    # A whole word: "is NoW~x9" is "is" and the value "NoW~x9", not "is now" and "~x9".
    r"(?=[ \t:])(?:[ \t]*:)?"
)
_PROSE_TAIL = (
    # A cheap first look at what follows the name, so that "password policy" fails fast.
    r"(?=[ \t]*[:=\-]|[ \t]+(?:for|of|on|is|was|are|were|will|should|ha[sdv]|now|changed"
    r"|reset|set|updated|rotated|to)[ \t:]|[ \t]+" + _PROSE_GATE + r")"
    r"(?:" + _PROSE_QUALIFIER + r"(?P<conn>[ \t]*(?:[:=]|->|=>))[ \t]*"
    r"|"
    + _PROSE_QUALIFIER
    + r"(?P<verb>[ \t]+"
    + _PROSE_VERB
    + r")[ \t]*"
    + _PROSE_GATE
    + r"|[ \t]+"
    + _PROSE_GATE  # bare: "password Hunter2x"
    + r")(?P<vq>\\?[\"']|[`\u201c\u2018])?"
)
_CHANGE_VERB = re.compile(
    # A word of its own, or right after a JSON-escaped newline ("...\\nchanged the").
    r"(?:(?<![a-z])|(?<=\\[nrt]))"
    r"(?:set|sets|setting|reset|resets|resetting|change|changed|changes|changing|update"
    r"|updated|updating|rotate|rotated|rotating)\b"
)
_PROSE_VALUE = re.compile(r"[^\s\"'`<>\u201d\u2019]+")
_TRAILING = ".,;:?"  # closing brackets: _trim_token drops those it does not open
_CLOSE_QUOTE = {"\u201c": "\u201d", "\u2018": "\u2019"}
# Words that follow "password is" without being one (lower case, no digits needed: a
# value without a digit, a symbol or an inner capital is never taken anyway).
_UNIT_AFTER = re.compile(
    r"[ \t]*(?:chars?|characters?|digits?|letters?|symbols?|days?|weeks?|months?|years?"
    r"|hours?|hrs?|minutes?|mins?|seconds?|secs?|times|attempts?|tries|bits?|bytes?"
    r"|long|min(?:imum)?|max(?:imum)?|or[ \t]+more|\+|%)\b",
    re.I,
)
_NOT_PASSWORD = re.compile(
    r"\d+(?:\.\d+)?(?:[-+x]\d+)?(?i:chars?|characters?|digits?|days?|d|h|m|mins?|hrs?|bits?"
    r"|bytes?|kb|mb|gb|%|\+)?"  # 14, 8-12, 90d, 2048bit, 12+
    r"|v?\d+(?:[.:/-]\d+)+"  # versions, dates, times, addresses
    r"|(?i:sha|md|argon|pbkdf|aes|rsa|dsa|ecdsa|ed|x(?=509|86|64)|ntlmv?|wpa|tls|ssl|utf|base"
    r"|des|rc|ipv)-?\d{1,5}(?i:id|i|d)?(?:-[A-Za-z]+)*"  # sha256-hashed, argon2id, RSA-4096
    r"|[a-z]+(?:[-_.][a-z]+)*"  # words, snake_case, self-service, host.name
    r"|[A-Z][a-z]+(?:[-_][A-Za-z][a-z]+)*|[A-Z]+(?:[-_][A-Z]+)*"  # Word, Self-Service, MFA
    r"|[^@\s]+@[^@\s]+\.[A-Za-z]{2,}"  # e-mail
    r"|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}"  # host name
    r"|(?:[A-Za-z]:)?[\\/~].*|.*\\.*"  # paths
    r"|(?i:https?)://.*"
)
_JSON_PUNCTUATION = re.compile(r"\s*[,:}\]]")
_PROSE_WORDS = frozenset(
    (
        *("in", "on", "at", "the", "a", "an", "same", "stored", "saved", "vault", "keepass"),
        *("bitwarden", "1password", "lastpass", "itglue", "hudu", "expired", "wrong"),
        *("correct", "incorrect", "blank", "empty", "unknown", "required", "missing"),
        *("changed", "reset", "set", "unset", "needed", "hidden", "masked", "redacted"),
        *("complex", "strong", "weak", "different"),
    )
)


def _looks_like_secret(value: str, name: str, *, quoted: bool, keyed: bool) -> bool:
    """Whether a value said after "password is" (or the like) is the secret itself.
    ``keyed``: after "pasword:" or "pw=", a key/value pair, judged like the pair rules."""
    if _skip_value(value, quoted=quoted, name=name) or value.lower() in _PROSE_WORDS:
        return False
    if _STRONG_NAMES.fullmatch(value.lower()):  # password=password, "pw: password"
        return False
    if quoted:
        # A quoted value is a literal, unless it reads like a phrase about the password,
        # or the "quote" was the end of a JSON string (', "next_key').
        if _JSON_PUNCTUATION.match(value) or not any(c.isalnum() for c in value):
            return False
        words = value.split()
        return (
            0 < len(value) <= 64
            and len(words) <= 6
            and not (len(words) > 1 and any(w.lower() in _PROSE_WORDS for w in words))
        )
    if name.startswith("pin"):
        return value.isdigit() and 4 <= len(value) <= 12
    if value.isdigit():
        return len(value) >= (4 if keyed else 6)
    if keyed:
        return len(value) >= 4 and (value.isalpha() or not _NOT_PASSWORD.fullmatch(value))
    if len(value) < (8 if name in ("key", "token", "secret") else 5):
        return False
    if _NOT_PASSWORD.fullmatch(value):
        return False
    has_digit = any(c.isdigit() for c in value)
    has_alpha = any(c.isalpha() for c in value)
    has_symbol = any(not c.isalnum() for c in value)
    inner_capital = any(c.isupper() for c in value[1:]) and any(c.islower() for c in value)
    return (has_alpha and (has_digit or has_symbol)) or inner_capital or (has_digit and has_symbol)


_PROSE_GLUE = _ALNUM | frozenset("$_@%")  # $pw, db_key, @token: names in code


def _prose(m: re.Match[str], text: str) -> Span | None:
    start = m.start()
    if _glued(text, start, _PROSE_GLUE):
        return None
    name = m.group("name")
    conn = (m.group("conn") or m.group("verb") or "").strip(" \t")
    vstart = m.end()
    vq = m.group("vq")
    strong = _STRONG_NAMES.fullmatch(name) is not None
    if conn == "to":
        line_start = text.rfind("\n", max(0, start - 80), start) + 1
        if _CHANGE_VERB.search(text.lower(), max(line_start, start - 80), start) is None:
            return None  # "sent the password to jdoe2" names no new value
    if vq:
        close = _CLOSE_QUOTE.get(vq, vq)
        vend = text.find(close, vstart, vstart + 80 + len(close))
        nl = text.find("\n", vstart, vend)
        if vend < 0 or 0 <= nl < vend:
            return None
        value = text[vstart:vend]
        if not _looks_like_secret(value, name, quoted=True, keyed=strong):
            return None
        return vstart, vend, _marker(_PROSE_KIND.get(name, "password"))
    if vstart >= len(text) or text[vstart] in "{[(\\":
        return None
    token = _PROSE_VALUE.match(text, vstart, vstart + _PROBE)
    if token is None:
        return None
    vend = _trim_token(text, vstart, token.end())
    while vend > vstart and text[vend - 1] in _TRAILING:
        vend -= 1
    value = text[vstart:vend]
    if not conn and (not strong or len(value) < 6 or value.isdigit()):
        return None  # "password Hunter2x": no verb, only a strong shape will do
    keyed = conn in (":", "=", "->", "=>") and strong
    if not _looks_like_secret(value, name, quoted=False, keyed=keyed):
        return None
    if value.isdigit() and _UNIT_AFTER.match(text, vend):
        return None
    return vstart, vend, _marker(_PROSE_KIND.get(name, "password"))


_PROSE_KIND = {"secret": "secret", "token": "token", "key": "key"}


# --- the rules, in order ----------------------------------------------------------------


def _token(name: str, pattern: str, handler: Handler | None = None) -> _Rule:
    """A provider token with a distinctive literal prefix, redacted whole."""
    return _Rule(name, pattern, handler or _whole(name), skip_run=True)


_SEP = (
    r"[ \t]*+(?P<sep>(?>=>|:=|=(?!=)|:(?!:)))[ \t]*+"  # atomic: no fallback "=>" to "="
    # cheap rejections of what _skip_value would refuse anyway
    r"(?!\"\"|''|[\r\n{\[(]"
    r"|(?:null|none|true|false|str|string|int|bool|undefined)(?:[\s,;)\]}|&=?]|$))"
    r"(?P<vq>\\?[\"'])?+(?!\[redacted:)"
)  # and what a first pass already redacted

_RULES: tuple[_Rule, ...] = (
    _PemRule(
        "private_key",
        r"BEGIN[ \t]+(?:[A-Z0-9]+[ \t]+){0,4}PRIVATE[ \t]+KEY(?:[ \t]+BLOCK)?[ \t]*-{3,}",
        None,
    ),
    _Rule(
        "authorization",
        r"authorization(?:\\?[\"'])?+[ \t]*+[:=][ \t]*+"
        r"(?P<vq>\\?[\"'])?+(?!\[redacted:)",
        _authorization,
        lower=True,
    ),
    _Rule("bearer", r"bearer[ \t]+(?P<tok>[A-Za-z0-9._~+/=-]+)", _bearer, lower=True),
    _Rule("basic", r"basic[ \t]+(?P<tok>[a-z0-9+/]{6,}={0,2})(?![a-z0-9+/=])", _basic, lower=True),
    _UrlRule("url_password", r"://[^\s:/?#@\"'<>\[\]]{0,128}+:", None),
    _token(
        "slack_webhook",
        r"hooks\.slack\.com/(?:services|workflows|triggers)/"
        r"(?P<secret>[A-Za-z0-9/_-]{8,})",
        _keep_prefix("slack_webhook"),
    ),
    _token(
        "teams_webhook",
        r"\.webhook\.office\.com/webhookb2/(?P<secret>[A-Za-z0-9@/_-]{8,})",
        _keep_prefix("teams_webhook"),
    ),
    _token(
        "discord_webhook",
        r"discord(?:app)?\.com/api/webhooks/"
        r"(?P<secret>[0-9]+/[A-Za-z0-9_-]{20,})",
        _keep_prefix("discord_webhook"),
    ),
    _token("jwt", r"eyJ[A-Za-z0-9_-]*+(?:\.[A-Za-z0-9_-]*+)*+", _jwt),
    _token("aws_access_key", r"(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])"),
    _token(
        "gcp_api_key",
        r"AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])",
        _whole("gcp_api_key", boundary=_B64URL),
    ),
    _token("gcp_oauth_token", r"ya29\.[0-9A-Za-z_-]{20,}"),
    _token("gcp_client_secret", r"GOCSPX-[0-9A-Za-z_-]{20,}"),
    _token("github_token", r"gh[pousr]_[A-Za-z0-9]{30,255}(?![A-Za-z0-9_])", _github),
    _token("github_pat", r"github_pat_[A-Za-z0-9_]{20,255}", _github),
    _token("gitlab_token", r"glpat-[A-Za-z0-9_-]{20,}"),
    _token("slack_token", r"xox[abposre]-[A-Za-z0-9-]{10,}|xapp-[0-9]-[A-Za-z0-9-]{10,}"),
    _token("stripe_key", r"k_(?:live|test)_[A-Za-z0-9]{10,}", _stripe),
    _token("stripe_webhook_secret", r"whsec_[A-Za-z0-9]{20,}", _whole("stripe_key")),
    _token("anthropic_api_key", r"sk-ant-[A-Za-z0-9_-]{20,}"),
    _token(
        "openai_api_key",
        r"sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}"
        r"|[A-Za-z0-9]{32,}+(?![A-Za-z0-9_-]))",
    ),
    _token("npm_token", r"npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])"),
    _token("pypi_token", r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}"),
    _token(
        "sendgrid_key",
        r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}",
        _whole("sendgrid_key", boundary=_B64URL),
    ),
    _token(
        "azure_client_secret", r"Q~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])", _azure_client_secret
    ),
    *_COMMAND_RULES,
    _Rule(
        "cli_flag",
        r"--(?P<name>[a-z0-9_-]{0,40}?(?:" + _SECRET_WORDS + r"))"
        r"(?:[ \t]+(?P<vq>[\"'])?)",
        _cli_flag,
        lower=True,
    ),
    _Rule(
        "user_flag",
        r"-(?:u|-user)(?:[ \t]+|=)[\"']?(?P<user>[^\s:\"'/\[\]]{1,128}+):"
        r"(?P<pw>[^\s\"']+)",
        _user_flag,
        gate=("-u", "--user"),
        skip_run=True,
    ),
    _Rule(
        "xml",
        r"<(?P<tag>[a-z0-9_:.-]{0,40}?(?:password|passwd|secret|token|api_?key"
        r"|secret_?key|access_?key|account_?key|private_?key))>[ \t\r\n]*(?:<value>)?"
        r"(?P<v>[^<]{1,4096})</",
        _xml,
        lower=True,
    ),
    # "connection_string": "..." as a quoted key with a quoted value (a JSON body, a
    # dict): the whole value goes, as redact_data would; an opaque one has no shape the
    # rules below know. Unquoted prose ("connection string: Server=db1") keeps its hosts.
    _Rule(
        "quoted_connection_string",
        r"\\?[\"'](?P<name>conn(?:ection)?[_-]?str(?:ing)?)\\?[\"']"
        r"[ \t]*+(?P<sep>:|=>?)[ \t]*+(?P<vq>\\?[\"'])(?!\[redacted:)",
        lambda m, text: _value_after(m, text, m.group("name"), "connection_string"),
        lower=True,
        # The quote right before the name: a bare "conn" (every "connection" in prose)
        # would send each note through a pattern that can start at any character.
        gate=('"conn', "'conn"),
    ),
    # key<sep>value pairs, one literal per rule: "pass" covers password/passwd/passphrase.
    *(
        _Rule(
            f"pair_{root}", r"(?P<name>" + root + r")(?:\\?[\"'])?+" + _SEP, _key_value, lower=True
        )
        for root in ("pass(?:word|wd|phrase)?", "pwd", "secret", "token", "key", "cookie", "sig")
    ),
    # Last: what the pair rules took is already a marker, and "password: x" stays theirs.
    *(
        _Rule(f"prose_{n}", r"(?P<name>" + name + r")" + _PROSE_TAIL, _prose, lower=True)
        for n, name in enumerate(_PROSE_NAMES)
    ),
)


def _redact_pass(text: str) -> str:
    lowered = _lowered(text)
    for rule in _RULES:
        haystack = lowered if rule.lower else text
        if rule.gate and not any(g in haystack for g in rule.gate):
            continue
        m = rule.search(haystack)
        if m is None:
            continue
        spans = rule.spans(text, haystack, m)
        if spans:
            # Same replacements in the lower-cased copy: no second full lower() per change.
            text = _splice(text, spans)
            lowered = _splice(lowered, spans, lower=True)
    return text


def redact(text: str) -> str:
    """Return ``text`` with every secret replaced by ``[REDACTED:<kind>]``.

    Clean text comes back as the same object. Never raises: if a rule ever failed, the
    whole text is withheld (fail closed). Non-``str`` values go through ``redact_data``.
    """
    if not isinstance(text, str):
        return redact_data(text)
    if not text:
        return text
    try:
        # Rules can interact (one redaction may complete another's match), so repeat
        # until nothing changes: redact(redact(x)) == redact(x). Clean text costs one
        # pass, text with secrets usually two.
        for _ in range(4):
            out = _redact_pass(text)
            if out is text:
                break
            text = out
        return text
    except Exception:  # a bug here must not leak a secret or break a request
        return _marker("unscannable")


def contains_secret(text: str) -> bool:
    """Whether ``redact`` would change ``text``."""
    if not isinstance(text, str):
        return redact_data(text) != text
    return redact(text) != text


def _hide_scalar(value: Any, kind: str, *, authorization: bool = False) -> Any:
    if isinstance(value, str):
        if not value.strip() or value.startswith(MARKER_PREFIX):
            return value
        if authorization:
            span = _authorization_value(value, len(value) - len(value.lstrip()), None)
            if span is None:
                return redact(value)
            start, end, marker = span
            return value[:start] + marker + value[end:]
        return _marker(kind)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float, bytes, bytearray)):
        return _marker(kind)
    return value


def _walk(value: Any, depth: int, hide: str | None) -> Any:
    if isinstance(value, str):
        return _hide_scalar(value, hide) if hide else redact(value)
    if depth >= MAX_DEPTH and isinstance(value, (dict, list, tuple, set, frozenset)):
        return _marker("too_deep")
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            new_key = redact(key) if isinstance(key, str) else key
            if isinstance(key, str) and hide is None and is_secret_key(key):
                kind = _data_kind(key)
                if isinstance(item, (dict, list, tuple, set, frozenset)):
                    out[new_key] = _walk(item, depth + 1, kind)
                else:
                    out[new_key] = _hide_scalar(item, kind, authorization=kind == "authorization")
            else:
                out[new_key] = _walk(item, depth + 1, hide)
        return out
    if isinstance(value, list):
        return [_walk(item, depth + 1, hide) for item in value]
    if isinstance(value, tuple):
        items = [_walk(item, depth + 1, hide) for item in value]
        make = getattr(value, "_make", None)  # namedtuple
        return make(items) if make is not None else tuple(items)
    if isinstance(value, (set, frozenset)):
        items = [_walk(item, depth + 1, hide) for item in value]
        return frozenset(items) if isinstance(value, frozenset) else set(items)
    if isinstance(value, (bytes, bytearray)):
        if hide:
            return _hide_scalar(value, hide)
        decoded = bytes(value).decode("utf-8", "surrogateescape")
        cleaned = redact(decoded)
        if cleaned is decoded:
            return value
        return cleaned.encode("utf-8", "surrogateescape")
    if hide and isinstance(value, (int, float)) and not isinstance(value, bool):
        return _marker(hide)
    return value


def redact_data(value: Any) -> Any:
    """Redact every string inside dicts/lists/tuples/sets (recursively) and hide the
    values of keys that name a secret (``password``, ``client_secret``, ``api-key``,
    ``Authorization`` -- the scheme word is kept -- ``connection_string``...).

    Returns new containers (dict and list subclasses come back as plain dict/list);
    other objects are returned as they are. Nesting deeper than ``MAX_DEPTH`` is
    replaced by ``[REDACTED:too_deep]``, which also ends reference cycles.
    """
    try:
        return _walk(value, 0, None)
    except Exception:
        return _marker("unscannable")
