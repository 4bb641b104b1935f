"""Secrets at rest for the credential vault.

AES-256-GCM from ``cryptography``; every value gets a fresh 96-bit random nonce and is
bound by associated data to the model, field and row it belongs to, so a ciphertext copied
into another row or another field does not decrypt::

    aad = associated_data_for("msp.credential", "password", credential.pk)
    stored = encrypt("hunter2", aad=aad)       # 'v1:k2026a:<nonce>:<ciphertext+tag>'
    decrypt(stored, aad=aad)                    # 'hunter2'
    needs_rotation(stored)                      # key id != the current key id
    reencrypt(stored, aad=aad)                  # same secret, now under the current key

Stored format (ASCII, fits a TextField, never contains ``|`` or whitespace)::

    v1:<key id>:<base64url(nonce, 12 bytes)>:<base64url(ciphertext + 16-byte tag)>

base64url without padding, canonical (re-encoding must give the same text). The GCM
associated data is ``b"msp.vault|v1|<key id>|" + aad``: the version and the key id are
authenticated too, so relabelling a value with another key id or format fails even if an
operator registered the same key twice.

Failures:

- Anything wrong with a *stored value* (empty, malformed, unknown key id, tampered, wrong
  associated data) raises :class:`DecryptionError`, one class, whose message is a short
  reason and never contains the stored text or the plaintext. There is no fallback that
  returns the stored text.
- Caller bugs (plaintext not ``str``, associated data not non-empty ``bytes``, bad model
  label / field / row id for :func:`associated_data_for`) raise ``TypeError`` /
  ``ValueError``: they are programming errors, not data to audit.
- Key configuration problems raise ``ImproperlyConfigured`` on first use; no message ever
  contains key material.

Empty and unset secrets: callers store NULL for "not set" and never encrypt a placeholder.
``encrypt("")`` still works and round-trips (an empty secret set on purpose stays
distinguishable from NULL), and its stored form is as long as any other short value's, so
it does not stand out. ``decrypt("")`` raises: an empty *stored* value is never valid.

Keys (see the "Vault keys" block of settings.py): ``MSP_VAULT_KEYS`` or
``MSP_VAULT_KEY_FILE``; in development with neither, a keyring is generated once into
``VAR_DIR/vault-keys.json`` (mode 0600); production refuses to run without keys. Keys
never go to the database or the repository. The keyring is loaded once per process and
cached: changing keys means restarting the app servers (rotation: add the new key, make it
current, restart, run ``rotate_encryption_key``, then drop the old key).

Random 96-bit nonces are safe for about 2**32 encryptions per key (NIST SP 800-38D); a
vault writes orders of magnitude fewer, and rotation starts a fresh key anyway.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import secrets
import stat
import tempfile
import threading
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.views.decorators.debug import sensitive_variables

if TYPE_CHECKING:
    from django.db.models import Model

__all__ = [
    "DEV_KEY_FILE_NAME",
    "FORMAT_VERSION",
    "KEY_BYTES",
    "NONCE_BYTES",
    "DecryptionError",
    "Keyring",
    "aad_for_instance",
    "associated_data_for",
    "current_key_id",
    "decrypt",
    "encrypt",
    "get_keyring",
    "key_id_of",
    "load_keyring",
    "needs_rotation",
    "override_keyring",
    "reencrypt",
    "reset_keyring_cache",
]

FORMAT_VERSION = "v1"
KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12  # 96 bits: GCM's native nonce size, no extra GHASH pass
TAG_BYTES = 16
DEV_KEY_FILE_NAME = "vault-keys.json"

# Key ids travel inside every stored value and appear in error messages, so they are
# restricted to a short, separator-free, obviously-not-secret alphabet.
_KEY_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,32}")
# base64url lengths without padding: a 12-byte nonce is exactly 16 characters, the
# 16-byte tag alone (empty plaintext) 22.
_NONCE_CHARS = 16
_MIN_BODY_CHARS = 22
_GCM_AAD_PREFIX = f"msp.vault|{FORMAT_VERSION}|".encode("ascii")

# associated_data_for: "app_label.modelname" (Django's label_lower) and a field name.
_MODEL_LABEL_RE = re.compile(r"[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*")
_FIELD_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_AAD_VERSION = b"aad1"

# Settings that feed the keyring: changing one (pytest-django's ``settings`` fixture,
# ``override_settings``) drops the cached keyring.
_KEYRING_SETTINGS = frozenset(
    {"VAULT_KEYS", "VAULT_CURRENT_KEY", "VAULT_KEY_FILE", "PRODUCTION", "VAR_DIR"}
)


class DecryptionError(Exception):
    """A stored value could not be decrypted.

    ``reason`` is a stable code for audit events ("empty", "malformed", "unknown_key",
    "authentication_failed", "not_utf8"); ``key_id`` is the key id the value names, when
    it is well-formed. The message is a short human reason; it never contains the stored
    value or the plaintext.
    """

    def __init__(self, reason: str, message: str, *, key_id: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.key_id = key_id


# --- Keyring --------------------------------------------------------------------------


class Keyring:
    """Immutable set of AES-256 keys by id, one of them current (used to encrypt).

    The raw keys stay private and ``repr`` shows only ids, so a keyring printed in a log,
    a debug page or a test failure shows no key material.
    """

    __slots__ = ("_ciphers", "_current_id", "_keys")

    # Raw keys are locals here and in load_keyring(): blank them (and the locals of
    # everything called from these) in Django's error reports, as for encrypt() below.
    @sensitive_variables()
    def __init__(
        self, keys: Mapping[str, bytes], current_id: str, *, source: str = "vault keyring"
    ) -> None:
        if not keys:
            raise ImproperlyConfigured(f"{source}: no keys")
        seen: dict[bytes, str] = {}
        for key_id, key in keys.items():
            _check_key_id(key_id, source)
            if not isinstance(key, bytes) or len(key) != KEY_BYTES:
                size = len(key) if isinstance(key, bytes) else type(key).__name__
                raise ImproperlyConfigured(
                    f"{source}: key {key_id!r} is {size} bytes; AES-256-GCM needs exactly "
                    f"{KEY_BYTES}"
                )
            # The same key under two ids would make "needs rotation" lie (the value is
            # already under the new key material) and defeats the point of a new id.
            if key in seen:
                raise ImproperlyConfigured(
                    f"{source}: keys {seen[key]!r} and {key_id!r} are identical"
                )
            seen[key] = key_id
        if current_id not in keys:
            raise ImproperlyConfigured(
                f"{source}: current key {current_id!r} is not in the keyring "
                f"(key ids: {', '.join(sorted(keys))})"
            )
        self._keys: dict[str, bytes] = dict(keys)
        self._current_id = current_id
        # AESGCM objects are built once: every encrypt/decrypt reuses them.
        self._ciphers: dict[str, AESGCM] = {kid: AESGCM(key) for kid, key in keys.items()}

    @classmethod
    def generate(cls, *key_ids: str, current: str | None = None) -> Keyring:
        """A keyring of fresh random keys (tests, benchmarks, first-run generation).

        With no ids, one key with a random 8-hex-digit id. ``current`` defaults to the
        last id, the newest by the usual convention of appending new keys.
        """
        ids = key_ids or (secrets.token_hex(4),)
        if len(set(ids)) != len(ids):
            raise ImproperlyConfigured("generated keyring: duplicate key ids")
        keys = {kid: os.urandom(KEY_BYTES) for kid in ids}
        return cls(keys, current if current is not None else ids[-1], source="generated")

    @property
    def current_id(self) -> str:
        return self._current_id

    @property
    def key_ids(self) -> tuple[str, ...]:
        return tuple(self._keys)

    def __contains__(self, key_id: object) -> bool:
        return key_id in self._keys

    def __len__(self) -> int:
        return len(self._keys)

    def __repr__(self) -> str:
        return f"<Keyring current={self._current_id!r} key_ids={list(self._keys)!r}>"

    def with_current(self, key_id: str) -> Keyring:
        """The same keys with another current key."""
        return Keyring(self._keys, key_id)

    def with_key(self, key_id: str, key: bytes, *, make_current: bool = False) -> Keyring:
        """These keys plus one more (rotation: add the new key, optionally current)."""
        if key_id in self._keys:
            raise ImproperlyConfigured(f"vault keyring: key id {key_id!r} already present")
        return Keyring({**self._keys, key_id: key}, key_id if make_current else self._current_id)

    def without(self, key_id: str) -> Keyring:
        """These keys minus one (the last step of a rotation). The current key stays."""
        return Keyring({k: v for k, v in self._keys.items() if k != key_id}, self._current_id)

    def cipher(self, key_id: str) -> AESGCM | None:
        return self._ciphers.get(key_id)


def _check_key_id(key_id: object, source: str) -> None:
    if not isinstance(key_id, str) or not _KEY_ID_RE.fullmatch(key_id):
        # The bad id is not echoed: a mangled entry may well be key material.
        raise ImproperlyConfigured(
            f"{source}: a key id is invalid (1-32 characters from A-Z a-z 0-9 _ -)"
        )


def _decode_key(text: object, key_id: str, source: str) -> bytes:
    """Standard or URL-safe base64, padding optional; errors never echo the text."""
    if not isinstance(text, str) or not re.fullmatch(r"[A-Za-z0-9+/_-]+={0,2}", text.strip()):
        raise ImproperlyConfigured(f"{source}: key {key_id!r} is not base64")
    body = text.strip().rstrip("=").replace("-", "+").replace("_", "/")
    try:
        key = base64.b64decode(body + "=" * (-len(body) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{source}: key {key_id!r} is not base64") from None
    if len(key) != KEY_BYTES:
        raise ImproperlyConfigured(
            f"{source}: key {key_id!r} is {len(key)} bytes; AES-256-GCM needs exactly {KEY_BYTES}"
        )
    return key


def _keyring_from_pairs(
    pairs: list[tuple[str, object]], current: str | None, source: str
) -> Keyring:
    keys: dict[str, bytes] = {}
    for key_id, text in pairs:
        _check_key_id(key_id, source)
        if key_id in keys:
            raise ImproperlyConfigured(f"{source}: key id {key_id!r} appears twice")
        keys[key_id] = _decode_key(text, key_id, source)
    if not keys:
        raise ImproperlyConfigured(f"{source}: no keys")
    return Keyring(keys, current if current else next(iter(keys)), source=source)


def _keyring_from_env_value(value: str, current: str) -> Keyring:
    source = "MSP_VAULT_KEYS"
    pairs: list[tuple[str, object]] = []
    for position, entry in enumerate(value.split(","), start=1):
        entry = entry.strip()
        if not entry:
            continue  # tolerate a trailing comma
        key_id, sep, text = entry.partition(":")
        if not sep:
            raise ImproperlyConfigured(f"{source}: entry {position} is not 'keyid:base64key'")
        pairs.append((key_id.strip(), text.strip()))
    if current and not _KEY_ID_RE.fullmatch(current):
        raise ImproperlyConfigured("MSP_VAULT_CURRENT_KEY is not a valid key id")
    return _keyring_from_pairs(pairs, current or None, source)


class _DuplicateEntry(Exception):
    pass


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads keeps the last of two equal object keys without a word; for a key file
    # that would silently drop a key.
    result: dict[str, Any] = {}
    for name, value in pairs:
        if name in result:
            raise _DuplicateEntry(name)
        result[name] = value
    return result


def _read_key_file(path: Path, source: str) -> Keyring:
    """Load ``{"current": id, "keys": {id: base64}}``, refusing group/other access."""
    try:
        # fstat on the opened descriptor checks the very file that is read (no race with
        # a chmod or a swapped symlink between a stat and an open).
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ImproperlyConfigured(f"{source}: {path} does not exist") from None
    except OSError as exc:
        raise ImproperlyConfigured(f"{source}: cannot open {path} ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ImproperlyConfigured(f"{source}: {path} is not a regular file")
        mode = stat.S_IMODE(info.st_mode)
        # Group/other write is as bad as read: whoever can write the file picks the key
        # every new secret is encrypted with.
        if mode & 0o077:
            raise ImproperlyConfigured(
                f"{source}: {path} has mode {mode:04o}; a vault key file must not be "
                f"accessible by group or others (chmod 600 {path})"
            )
        raw = handle.read()
    try:
        # ``from None`` everywhere below: a JSONDecodeError carries the whole document
        # (the keys) in its ``doc`` attribute, which error reporters may print.
        data = json.loads(raw.decode("utf-8"), object_pairs_hook=_reject_duplicates)
    except _DuplicateEntry as exc:
        name = exc.args[0]
        shown = repr(name) if _KEY_ID_RE.fullmatch(name) else "an entry"
        raise ImproperlyConfigured(f"{source}: {path} has {shown} twice") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ImproperlyConfigured(f"{source}: {path} is not valid UTF-8 JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("keys"), dict):
        raise ImproperlyConfigured(
            f'{source}: {path} must be {{"current": "<id>", "keys": {{"<id>": "<base64>"}}}}'
        )
    unknown = set(data) - {"current", "keys"}
    if unknown:
        raise ImproperlyConfigured(
            f'{source}: {path} has unexpected fields; only "current" and "keys" are allowed'
        )
    current = data.get("current")
    if not isinstance(current, str) or not current:
        raise ImproperlyConfigured(f'{source}: {path} must name its "current" key')
    if not _KEY_ID_RE.fullmatch(current):
        raise ImproperlyConfigured(f'{source}: {path} "current" is not a valid key id')
    return _keyring_from_pairs(list(data["keys"].items()), current, f"{source} {path}")


def _create_development_key_file(path: Path) -> None:
    """Write a fresh one-key keyring to ``path`` unless it exists, atomically.

    The file is complete and 0600 from the moment it appears (mkstemp creates 0600, then
    a hard link publishes it), and if two processes start at once exactly one keyring
    wins: the other link fails with FileExistsError and that process reads the winner's.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    key_id = f"dev{secrets.token_hex(3)}"
    document = json.dumps(
        {
            "current": key_id,
            "keys": {key_id: base64.b64encode(os.urandom(KEY_BYTES)).decode("ascii")},
        },
        indent=2,
    ).encode("ascii")
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=".vault-keys.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(document)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temp_name, path)
        except FileExistsError:
            pass
        except OSError:
            # A filesystem without hard links: exclusive create still never overwrites
            # a keyring that another process just wrote.
            try:
                out = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                return
            with os.fdopen(out, "wb") as handle:
                handle.write(document)
    finally:
        os.unlink(temp_name)


@sensitive_variables()
def load_keyring() -> Keyring:
    """Read and validate the keyring from settings (uncached; see :func:`get_keyring`)."""
    env_keys: str = getattr(settings, "VAULT_KEYS", "") or ""
    env_current: str = getattr(settings, "VAULT_CURRENT_KEY", "") or ""
    key_file: str = str(getattr(settings, "VAULT_KEY_FILE", "") or "")
    # Two sources of keys at once is a misconfiguration waiting to bite during a
    # rotation (a key added to one source is silently ignored): refuse it.
    if env_keys.strip() and key_file:
        raise ImproperlyConfigured("Set MSP_VAULT_KEYS or MSP_VAULT_KEY_FILE, not both")
    if env_current and not env_keys.strip():
        raise ImproperlyConfigured(
            "MSP_VAULT_CURRENT_KEY applies to MSP_VAULT_KEYS only (a key file names its "
            'current key in its "current" field)'
        )
    if env_keys.strip():
        return _keyring_from_env_value(env_keys, env_current)
    if key_file:
        return _read_key_file(Path(key_file), "MSP_VAULT_KEY_FILE")
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured(
            "Production mode needs vault keys: set MSP_VAULT_KEYS "
            "('keyid:base64key,...') or MSP_VAULT_KEY_FILE"
        )
    path = Path(settings.VAR_DIR) / DEV_KEY_FILE_NAME
    if not path.exists():
        _create_development_key_file(path)
    return _read_key_file(path, "development vault key file")


_lock = threading.Lock()
_cached: Keyring | None = None
# Process-wide, not thread-local: a live-server test serves requests in another thread,
# which must see the override the test set.
_overrides: list[Keyring] = []


def get_keyring() -> Keyring:
    """The active keyring: the innermost override, else the loaded one (cached)."""
    global _cached
    if _overrides:
        return _overrides[-1]
    ring = _cached
    if ring is None:
        with _lock:
            if _cached is None:
                _cached = load_keyring()
            ring = _cached
    return ring


def current_key_id() -> str:
    return get_keyring().current_id


def reset_keyring_cache() -> None:
    """Forget the loaded keyring; the next use reads settings again (tests)."""
    global _cached
    with _lock:
        _cached = None


@contextmanager
def override_keyring(keyring: Keyring) -> Iterator[Keyring]:
    """Use ``keyring`` inside the block (also works as a decorator); nests."""
    with _lock:
        _overrides.append(keyring)
    try:
        yield keyring
    finally:
        with _lock:
            # Remove this block's entry, wherever it is, so an out-of-order exit of
            # overlapping blocks (threads) cannot pop someone else's override.
            for index in range(len(_overrides) - 1, -1, -1):
                if _overrides[index] is keyring:
                    del _overrides[index]
                    break


def _on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in _KEYRING_SETTINGS:
        reset_keyring_cache()


setting_changed.connect(_on_setting_changed, dispatch_uid="msp.crypto.keyring")


# --- Associated data ------------------------------------------------------------------


def associated_data_for(model_label: str, field: str, row_id: object) -> bytes:
    """Bytes binding a value to one model, field and row: ``b"aad1|msp.credential|password|<id>"``.

    Canonical, so encrypt and decrypt agree however the caller spells things: the label
    is lower-cased (``_meta.label`` and ``_meta.label_lower`` both work), a UUID given as
    a ``UUID`` or in any string form becomes its canonical hyphenated lower-case text.
    Unambiguous: the label and field cannot contain ``|`` and the row id comes last.
    The row id must exist, i.e. the pk is assigned before the secret is encrypted.
    """
    if not isinstance(model_label, str) or not _MODEL_LABEL_RE.fullmatch(model_label.lower()):
        raise ValueError("model_label must look like 'app_label.modelname'")
    if not isinstance(field, str) or not _FIELD_RE.fullmatch(field):
        raise ValueError("field must be a field name")
    return b"|".join(
        (
            _AAD_VERSION,
            model_label.lower().encode("ascii"),
            field.encode("ascii"),
            _canonical_row_id(row_id).encode("utf-8"),
        )
    )


def _canonical_row_id(row_id: object) -> str:
    if isinstance(row_id, uuid.UUID):
        return str(row_id)
    if isinstance(row_id, int) and not isinstance(row_id, bool):
        return str(row_id)
    if isinstance(row_id, str) and row_id:
        try:
            return str(uuid.UUID(row_id))
        except ValueError:
            return row_id
    raise ValueError("row_id must be a saved primary key (UUID, int or non-empty str)")


def aad_for_instance(instance: Model, field: str) -> bytes:
    """:func:`associated_data_for` for a model instance and one of its fields."""
    return associated_data_for(instance._meta.label_lower, field, instance.pk)


# --- Encrypt / decrypt ----------------------------------------------------------------


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes | None:
    """Strict base64url: ``None`` unless ``text`` is the canonical encoding of its bytes.

    The re-encoding check rejects every character outside the base64url alphabet (the
    lenient decoder drops them, so the re-encoding differs), padding, and non-zero unused
    low bits in the last character, which would otherwise let two different stored
    strings mean the same value and an edited character go unnoticed."""
    if len(text) % 4 == 1:
        return None
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None
    return data if _b64encode(data) == text else None


def _gcm_aad(key_id: str, aad: bytes) -> bytes:
    return _GCM_AAD_PREFIX + key_id.encode("ascii") + b"|" + aad


def _check_aad(aad: object) -> None:
    if not isinstance(aad, bytes):
        raise TypeError("aad must be bytes (see associated_data_for)")
    if not aad:
        # Empty associated data would silently drop the row binding.
        raise ValueError("aad must not be empty (see associated_data_for)")


def _parse(stored: object) -> tuple[str, bytes, bytes]:
    if not isinstance(stored, str):
        raise DecryptionError("malformed", "malformed value (not a string)")
    if not stored:
        raise DecryptionError("empty", "empty value")
    # No regex over the body: a character-class loop costs ~10 ns a character (25 us for
    # a 2 KB private key, more than the AES); the strict base64 decode checks it anyway.
    fields = stored.split(":")
    if len(fields) != 4 or fields[0] != FORMAT_VERSION:
        raise DecryptionError("malformed", "malformed value")
    _, key_id, nonce_text, body_text = fields
    if (
        not _KEY_ID_RE.fullmatch(key_id)
        or len(nonce_text) != _NONCE_CHARS
        or len(body_text) < _MIN_BODY_CHARS
    ):
        raise DecryptionError("malformed", "malformed value")
    nonce = _b64decode(nonce_text)
    body = _b64decode(body_text)
    if nonce is None or body is None or len(nonce) != NONCE_BYTES or len(body) < TAG_BYTES:
        raise DecryptionError("malformed", "malformed value", key_id=key_id)
    return key_id, nonce, body


def _encrypt_with(ring: Keyring, plaintext: str, aad: bytes) -> str:
    key_id = ring.current_id
    cipher = ring.cipher(key_id)
    assert cipher is not None  # Keyring guarantees the current key is present
    nonce = os.urandom(NONCE_BYTES)
    body = cipher.encrypt(nonce, plaintext.encode("utf-8"), _gcm_aad(key_id, aad))
    return f"{FORMAT_VERSION}:{key_id}:{_b64encode(nonce)}:{_b64encode(body)}"


def _decrypt_with(ring: Keyring, stored: object, aad: bytes) -> str:
    key_id, nonce, body = _parse(stored)
    cipher = ring.cipher(key_id)
    if cipher is None:
        # Safe to name: _parse only lets a short [A-Za-z0-9_-] id through.
        raise DecryptionError("unknown_key", f"unknown key id {key_id!r}", key_id=key_id)
    try:
        data = cipher.decrypt(nonce, body, _gcm_aad(key_id, aad))
    except InvalidTag:
        # GCM cannot tell a wrong key, wrong associated data and an edited value apart.
        raise DecryptionError(
            "authentication_failed",
            "authentication failed (tampered value, wrong associated data or wrong key)",
            key_id=key_id,
        ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise DecryptionError("not_utf8", "decrypted value is not UTF-8", key_id=key_id) from None


# sensitive_variables(): with DEBUG off, Django's error reports (500 e-mails, logged
# tracebacks with locals) blank the locals of these frames and of everything they call,
# which hold plaintexts.
@sensitive_variables()
def encrypt(plaintext: str, *, aad: bytes) -> str:
    """Encrypt ``plaintext`` under the current key, bound to ``aad``."""
    if not isinstance(plaintext, str):
        raise TypeError("plaintext must be str")
    _check_aad(aad)
    return _encrypt_with(get_keyring(), plaintext, aad)


@sensitive_variables()
def decrypt(stored: str, *, aad: bytes) -> str:
    """The plaintext of ``stored``, with whichever keyring key it names.

    Raises :class:`DecryptionError` for any stored value that does not decrypt.
    """
    _check_aad(aad)
    return _decrypt_with(get_keyring(), stored, aad)


@sensitive_variables()
def reencrypt(stored: str, *, aad: bytes) -> str:
    """Decrypt with whatever key ``stored`` names, encrypt again with the current key.

    Always returns a new value (fresh nonce), even if the key was already current;
    callers that only want to rotate check :func:`needs_rotation` first.
    """
    _check_aad(aad)
    ring = get_keyring()  # one snapshot for both halves
    return _encrypt_with(ring, _decrypt_with(ring, stored, aad), aad)


def key_id_of(stored: object) -> str | None:
    """The key id a well-formed stored value names, else ``None`` (no decryption)."""
    try:
        return _parse(stored)[0]
    except DecryptionError:
        return None


def needs_rotation(stored: object) -> bool:
    """True unless ``stored`` is well-formed and under the current key.

    A malformed value counts as needing rotation, so that a rotation run tries it,
    fails loudly and audits it instead of skipping it silently.
    """
    return key_id_of(stored) != get_keyring().current_id
