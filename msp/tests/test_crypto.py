"""msp.crypto: AES-256-GCM secrets at rest, keyring loading and rotation.

No database. Every key is generated at run time (os.urandom); none is written here.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from msp import crypto
from msp.crypto import (
    DecryptionError,
    Keyring,
    associated_data_for,
    decrypt,
    encrypt,
    key_id_of,
    needs_rotation,
    override_keyring,
    reencrypt,
)

ROOT = Path(__file__).resolve().parents[2]
ROW = uuid.uuid4()
AAD = associated_data_for("msp.credential", "password", ROW)
SECRET_FIELDS = [
    "password",
    "api_key",
    "client_secret",
    "token",
    "connection_string",
    "private_key",
]


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def b64u(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def unb64u(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def env_value(keys: dict[str, bytes]) -> str:
    return ",".join(f"{kid}:{b64(key)}" for kid, key in keys.items())


def write_key_file(path: Path, keys: dict[str, bytes], current: str, mode: int = 0o600) -> Path:
    path.write_text(json.dumps({"current": current, "keys": {k: b64(v) for k, v in keys.items()}}))
    path.chmod(mode)
    return path


def parts(stored: str) -> tuple[str, str, bytes, bytes]:
    version, kid, nonce, body = stored.split(":")
    return version, kid, unb64u(nonce), unb64u(body)


def rebuild(version: str, kid: str, nonce: bytes, body: bytes) -> str:
    return f"{version}:{kid}:{b64u(nonce)}:{b64u(body)}"


def flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


@pytest.fixture(autouse=True)
def vault(settings, tmp_path):
    """Each test starts from a clean configuration: no key sources, development mode,
    a private VAR_DIR, and no cached keyring."""
    settings.VAULT_KEYS = ""
    settings.VAULT_CURRENT_KEY = ""
    settings.VAULT_KEY_FILE = ""
    settings.PRODUCTION = False
    settings.VAR_DIR = tmp_path / "var"
    crypto.reset_keyring_cache()
    yield settings
    crypto.reset_keyring_cache()


@pytest.fixture
def ring():
    with override_keyring(Keyring.generate("k1")) as keyring:
        yield keyring


# --- Round trip and format --------------------------------------------------------------


@pytest.mark.parametrize(
    "plaintext",
    [
        "hunter2",
        "",
        " leading and trailing spaces ",
        "line1\nline2\r\n\ttab \x00 nul",
        "pässwörd ✓ 密码 пароль 🔐👩‍💻🏳️‍🌈",
        "v1:k1:AAAAAAAAAAAAAAAA:looks-like-a-stored-value",
    ],
)
def test_round_trip(ring, plaintext):
    stored = encrypt(plaintext, aad=AAD)
    assert decrypt(stored, aad=AAD) == plaintext


def test_round_trip_100_kb(ring):
    plaintext = (secrets.token_urlsafe(75_000) + "🔑é")[:100_000]
    stored = encrypt(plaintext, aad=AAD)
    assert len(plaintext) == 100_000
    assert decrypt(stored, aad=AAD) == plaintext


def test_stored_format(ring):
    stored = encrypt("hunter2", aad=AAD)
    assert stored.startswith("v1:k1:")
    assert stored.isascii() and " " not in stored and "=" not in stored
    version, kid, nonce, body = parts(stored)
    assert (version, kid) == ("v1", "k1")
    assert len(nonce) == 12
    assert len(body) == len(b"hunter2") + 16  # ciphertext + GCM tag
    assert "hunter2" not in stored
    assert key_id_of(stored) == "k1"


def test_fresh_nonce_each_time(ring):
    values = [encrypt("same secret", aad=AAD) for _ in range(50)]
    assert len(set(values)) == 50
    nonces = [parts(v)[2] for v in values]
    assert all(len(n) == 12 for n in nonces)
    assert len(set(nonces)) == 50


def test_caller_errors_are_not_decryption_errors(ring):
    with pytest.raises(TypeError):
        encrypt(b"bytes", aad=AAD)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        encrypt("x", aad="text")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        encrypt("x", aad=b"")
    with pytest.raises(ValueError):
        decrypt(encrypt("x", aad=AAD), aad=b"")


# --- Decryption failures ----------------------------------------------------------------


def _tampered(stored: str, how: str) -> str:
    version, kid, nonce, body = parts(stored)
    if how == "ciphertext":
        return rebuild(version, kid, nonce, flip(body, 0))
    if how == "nonce":
        return rebuild(version, kid, flip(nonce, 5), body)
    if how == "tag":
        return rebuild(version, kid, nonce, flip(body, len(body) - 1))
    if how == "truncated-bytes":
        return rebuild(version, kid, nonce, body[:-1])
    if how == "extended-bytes":
        return rebuild(version, kid, nonce, body + b"\x00")
    if how == "truncated-text":
        return stored[:-3]
    if how == "last-char":
        # Changes only unused low bits of the last base64 character for some lengths:
        # must still be refused (canonical encoding), never decrypt.
        last = stored[-1]
        return stored[:-1] + ("B" if last == "A" else "A")
    if how == "version":
        return "v2" + stored[2:]
    raise AssertionError(how)


TAMPERINGS = [
    "ciphertext",
    "nonce",
    "tag",
    "truncated-bytes",
    "extended-bytes",
    "truncated-text",
    "last-char",
    "version",
]


@pytest.mark.parametrize("how", TAMPERINGS)
def test_tampered_value_raises(ring, how):
    stored = encrypt("correct horse battery staple", aad=AAD)
    bad = _tampered(stored, how)
    assert bad != stored
    with pytest.raises(DecryptionError):
        decrypt(bad, aad=AAD)


def test_tampering_reasons(ring):
    stored = encrypt("s3cret", aad=AAD)
    with pytest.raises(DecryptionError) as caught:
        decrypt(_tampered(stored, "tag"), aad=AAD)
    assert caught.value.reason == "authentication_failed"
    assert caught.value.key_id == "k1"
    assert "authentication failed" in str(caught.value)


@pytest.mark.parametrize(
    "other",
    [
        ("msp.credential", "password", uuid.uuid4()),  # another row
        ("msp.credential", "api_key", ROW),  # another field
        ("msp.m365tenant", "password", ROW),  # another model
        ("tracking.machine", "password", ROW),  # another app
    ],
)
def test_wrong_associated_data_raises(ring, other):
    stored = encrypt("s3cret", aad=AAD)
    with pytest.raises(DecryptionError) as caught:
        decrypt(stored, aad=associated_data_for(*other))
    assert caught.value.reason == "authentication_failed"


def test_unknown_key_id_raises(ring):
    stored = encrypt("s3cret", aad=AAD)
    with override_keyring(Keyring.generate("k2")), pytest.raises(DecryptionError) as caught:
        decrypt(stored, aad=AAD)
    assert caught.value.reason == "unknown_key"
    assert caught.value.key_id == "k1"
    assert "unknown key id 'k1'" in str(caught.value)


def test_relabelled_key_id_raises():
    # The key id is authenticated: pointing a value at another key of the ring fails.
    with override_keyring(Keyring.generate("k1", "k2", current="k1")):
        stored = encrypt("s3cret", aad=AAD)
        with pytest.raises(DecryptionError) as caught:
            decrypt(stored.replace("v1:k1:", "v1:k2:", 1), aad=AAD)
    assert caught.value.reason == "authentication_failed"


@pytest.mark.parametrize(
    "value",
    [
        "",
        "hunter2",
        "v1:",
        "v1:k1",
        "v1:k1:AAAA:BBBB",
        "v1::AAAAAAAAAAAAAAAA:" + "A" * 24,
        "v1:k1:" + "A" * 16 + ":" + "A" * 24 + ":extra",
        "v1:k1:" + "A" * 16 + ":" + "A" * 21,
        "v1:k1:" + "A" * 16 + ":" + "A" * 23 + "=",
        "v1:k/1:" + "A" * 16 + ":" + "A" * 24,
        " v1:k1:" + "A" * 16 + ":" + "A" * 24,
        "v1:k1:" + "A" * 16 + ":" + "A" * 24 + "\n",
        None,
        b"v1:k1:AAAA",
    ],
)
def test_malformed_values_raise(ring, value):
    with pytest.raises(DecryptionError) as caught:
        decrypt(value, aad=AAD)
    assert caught.value.reason in {"empty", "malformed"}
    assert key_id_of(value) is None
    assert needs_rotation(value)


def test_error_messages_never_contain_stored_value_or_plaintext(ring):
    plaintext = "Pl41nt3xt-" + secrets.token_hex(16)
    stored = encrypt(plaintext, aad=AAD)
    cases = [_tampered(stored, how) for how in TAMPERINGS]
    cases.append(stored.replace("v1:k1:", "v1:nokey:", 1))
    wrong_aad = associated_data_for("msp.credential", "token", ROW)
    failures = []
    for bad in cases:
        for aad in (AAD, wrong_aad):
            try:
                decrypt(bad, aad=aad)
            except DecryptionError as exc:
                failures.append((bad, exc))
    try:
        decrypt(stored, aad=wrong_aad)
    except DecryptionError as exc:
        failures.append((stored, exc))
    assert len(failures) == 2 * len(cases) + 1
    _, _, nonce_text, body_text = stored.split(":")
    for bad, exc in failures:
        shown = f"{exc} {exc!r} {exc.args!r}"
        for secret in (plaintext, stored, bad, nonce_text, body_text, bad.split(":")[-1]):
            assert secret not in shown
        # No chained InvalidTag / binascii error dragging data along.
        assert exc.__cause__ is None
        assert exc.__context__ is None or exc.__suppress_context__


def _reported_locals(exc_info) -> tuple[str, set[str]]:
    """What Django's error report shows of the locals of every frame below this test's
    own (whose locals naturally hold the plaintext), and the names of those frames."""
    from django.views.debug import ExceptionReporter

    frames = ExceptionReporter(None, *exc_info).get_traceback_frames()[1:]
    shown = " ".join(f"{name}={value}" for f in frames for name, value in f["vars"])
    return shown, {f["function"] for f in frames}


def test_error_reports_hide_plaintext_and_stored_values(vault):
    """With DEBUG off, Django's error reports (500 mails) blank the locals of our frames;
    the undecorated function would show the plaintext (checked, so this is not vacuous)."""
    vault.DEBUG = False
    plaintext = "Pl41nt3xt-" + secrets.token_hex(16)
    vault.PRODUCTION = True  # no keys: encrypt() fails while the plaintext is a local
    for function, leaks in ((encrypt.__wrapped__, True), (encrypt, False)):
        with pytest.raises(ImproperlyConfigured) as caught:
            function(plaintext, aad=AAD)
        shown, names = _reported_locals((caught.type, caught.value, caught.tb))
        assert "encrypt" in names
        assert (plaintext in shown) is leaks

    vault.PRODUCTION = False
    with override_keyring(Keyring.generate("k1")):
        stored = encrypt(plaintext, aad=AAD)
        with pytest.raises(DecryptionError) as caught:
            decrypt(stored, aad=b"other")
    shown, names = _reported_locals((caught.type, caught.value, caught.tb))
    assert "_decrypt_with" in names
    assert stored not in shown and plaintext not in shown


# --- Associated data ---------------------------------------------------------------------


def test_associated_data_is_canonical():
    row = uuid.uuid4()
    expected = f"aad1|msp.credential|password|{row}".encode()
    assert associated_data_for("msp.credential", "password", row) == expected
    assert associated_data_for("msp.Credential", "password", str(row).upper()) == expected
    assert associated_data_for("msp.credential", "password", row.hex) == expected
    assert associated_data_for("msp.credential", "password", 42).endswith(b"|42")


def test_associated_data_distinguishes_every_part():
    row = uuid.uuid4()
    variants = {
        associated_data_for("msp.credential", "password", row),
        associated_data_for("msp.credential", "password", uuid.uuid4()),
        associated_data_for("msp.credential", "private_key", row),
        associated_data_for("msp.credentia", "lpassword", row),
        associated_data_for("msp.credential", "password", "x|y"),
        associated_data_for("msp.credential", "password", "x"),
    }
    assert len(variants) == 6


@pytest.mark.parametrize(
    "args",
    [
        ("credential", "password", 1),
        ("msp.credential.x", "password", 1),
        ("msp.cred|ential", "password", 1),
        ("msp.credential", "pass|word", 1),
        ("msp.credential", "", 1),
        ("msp.credential", "password", None),
        ("msp.credential", "password", ""),
        ("msp.credential", "password", True),
    ],
)
def test_associated_data_rejects_bad_parts(args):
    with pytest.raises(ValueError):
        associated_data_for(*args)


# --- Keyring sources ---------------------------------------------------------------------


def test_keyring_from_env_setting(vault):
    keys = {"k2025b": os.urandom(32), "k2026a": os.urandom(32)}
    vault.VAULT_KEYS = env_value(keys)
    assert crypto.get_keyring().current_id == "k2025b"  # default: the first
    vault.VAULT_CURRENT_KEY = "k2026a"  # setting_changed drops the cached keyring
    ring = crypto.get_keyring()
    assert ring.current_id == "k2026a"
    assert ring.key_ids == ("k2025b", "k2026a")
    assert key_id_of(encrypt("x", aad=AAD)) == "k2026a"


def test_keyring_from_env_accepts_urlsafe_unpadded_and_spaces(vault):
    key = os.urandom(32)
    vault.VAULT_KEYS = f" a1 : {b64u(key)} , "
    assert crypto.get_keyring().key_ids == ("a1",)


def test_keyring_is_cached(vault):
    vault.VAULT_KEYS = env_value({"k1": os.urandom(32)})
    assert crypto.get_keyring() is crypto.get_keyring()
    crypto.reset_keyring_cache()
    first = crypto.get_keyring()
    crypto.reset_keyring_cache()
    assert crypto.get_keyring() is not first


def test_keyring_from_key_file(vault, tmp_path):
    keys = {"old": os.urandom(32), "new": os.urandom(32)}
    vault.VAULT_KEY_FILE = str(write_key_file(tmp_path / "keys.json", keys, "new"))
    ring = crypto.get_keyring()
    assert ring.current_id == "new"
    assert set(ring.key_ids) == {"old", "new"}
    stored = encrypt("from file", aad=AAD)
    assert key_id_of(stored) == "new"
    assert decrypt(stored, aad=AAD) == "from file"


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620, 0o602])
def test_key_file_accessible_by_others_is_refused(vault, tmp_path, mode):
    key = os.urandom(32)
    path = write_key_file(tmp_path / "keys.json", {"k1": key}, "k1", mode=mode)
    vault.VAULT_KEY_FILE = str(path)
    with pytest.raises(ImproperlyConfigured) as caught:
        crypto.get_keyring()
    message = str(caught.value)
    assert f"{mode:04o}" in message and "chmod 600" in message
    assert b64(key) not in message


def test_key_file_owner_only_modes_are_accepted(vault, tmp_path):
    path = write_key_file(tmp_path / "keys.json", {"k1": os.urandom(32)}, "k1", mode=0o400)
    vault.VAULT_KEY_FILE = str(path)
    assert crypto.get_keyring().current_id == "k1"


def test_missing_key_file_is_refused(vault, tmp_path):
    vault.VAULT_KEY_FILE = str(tmp_path / "nope.json")
    with pytest.raises(ImproperlyConfigured, match="does not exist"):
        crypto.get_keyring()


@pytest.mark.parametrize("size", [1, 16, 31, 33, 64])
def test_bad_key_length_is_refused(vault, tmp_path, size):
    bad = os.urandom(size)
    for configure in ("env", "file"):
        crypto.reset_keyring_cache()
        if configure == "env":
            vault.VAULT_KEY_FILE = ""
            vault.VAULT_KEYS = env_value({"ok": os.urandom(32), "bad": bad})
        else:
            vault.VAULT_KEYS = ""
            vault.VAULT_KEY_FILE = str(write_key_file(tmp_path / "keys.json", {"bad": bad}, "bad"))
        with pytest.raises(ImproperlyConfigured) as caught:
            crypto.get_keyring()
        message = str(caught.value)
        assert "'bad'" in message and "32" in message
        assert b64(bad) not in message


def test_current_key_missing_is_refused(vault, tmp_path):
    vault.VAULT_KEYS = env_value({"k1": os.urandom(32)})
    vault.VAULT_CURRENT_KEY = "k9"
    with pytest.raises(ImproperlyConfigured, match="current key 'k9' is not in the keyring"):
        crypto.get_keyring()
    vault.VAULT_KEYS = ""
    vault.VAULT_CURRENT_KEY = ""
    vault.VAULT_KEY_FILE = str(write_key_file(tmp_path / "k.json", {"k1": os.urandom(32)}, "k9"))
    with pytest.raises(ImproperlyConfigured, match="current key 'k9' is not in the keyring"):
        crypto.get_keyring()


def test_duplicate_key_ids_are_refused(vault, tmp_path):
    vault.VAULT_KEYS = env_value({"k1": os.urandom(32)}) + "," + env_value({"k1": os.urandom(32)})
    with pytest.raises(ImproperlyConfigured, match="'k1' appears twice"):
        crypto.get_keyring()
    vault.VAULT_KEYS = ""
    path = tmp_path / "dup.json"
    first, second = b64(os.urandom(32)), b64(os.urandom(32))
    path.write_text(f'{{"current": "k1", "keys": {{"k1": "{first}", "k1": "{second}"}}}}')
    path.chmod(0o600)
    vault.VAULT_KEY_FILE = str(path)
    with pytest.raises(ImproperlyConfigured, match="'k1' twice"):
        crypto.get_keyring()


def test_identical_keys_under_two_ids_are_refused(vault):
    key = os.urandom(32)
    vault.VAULT_KEYS = f"a:{b64(key)},b:{b64(key)}"
    with pytest.raises(ImproperlyConfigured, match="identical"):
        crypto.get_keyring()


@pytest.mark.parametrize(
    "value",
    [
        "justakey",
        "k1:not*base64",
        "bad id:{key}",
        "k:1:{key}",
        "{key}",
    ],
)
def test_malformed_env_value_is_refused_without_echoing_it(vault, value):
    key = b64(os.urandom(32))
    vault.VAULT_KEYS = value.format(key=key)
    with pytest.raises(ImproperlyConfigured) as caught:
        crypto.get_keyring()
    assert key not in str(caught.value)


@pytest.mark.parametrize(
    "document",
    [
        "not json {key}",
        '["{key}"]',
        '{{"keys": {{"k1": "{key}"}}}}',
        '{{"current": "k1", "keys": {{"k1": "{key}"}}, "extra": 1}}',
        '{{"current": "k1", "keys": {{"{key}": "{key}"}}}}',
    ],
)
def test_malformed_key_file_is_refused_without_echoing_it(vault, tmp_path, document):
    key = b64(os.urandom(32))
    path = tmp_path / "keys.json"
    path.write_text(document.format(key=key))
    path.chmod(0o600)
    vault.VAULT_KEY_FILE = str(path)
    with pytest.raises(ImproperlyConfigured) as caught:
        crypto.get_keyring()
    assert key not in str(caught.value)
    # A JSONDecodeError would carry the whole document (the keys) along.
    assert caught.value.__cause__ is None
    assert caught.value.__context__ is None or caught.value.__suppress_context__


def test_both_sources_at_once_are_refused(vault, tmp_path):
    vault.VAULT_KEYS = env_value({"k1": os.urandom(32)})
    vault.VAULT_KEY_FILE = str(write_key_file(tmp_path / "k.json", {"k2": os.urandom(32)}, "k2"))
    with pytest.raises(ImproperlyConfigured, match="not both"):
        crypto.get_keyring()


def test_current_key_without_env_keys_is_refused(vault):
    vault.VAULT_CURRENT_KEY = "k1"
    with pytest.raises(ImproperlyConfigured, match="MSP_VAULT_KEYS only"):
        crypto.get_keyring()


def test_production_without_keys_is_refused(vault):
    vault.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured, match="Production mode needs vault keys"):
        crypto.get_keyring()
    with pytest.raises(ImproperlyConfigured):
        encrypt("x", aad=AAD)
    assert not (Path(vault.VAR_DIR) / "vault-keys.json").exists()


def test_development_generates_a_private_key_file_once_and_reuses_it(vault):
    path = Path(vault.VAR_DIR) / "vault-keys.json"
    assert not path.exists()
    stored = encrypt("dev secret", aad=AAD)
    assert path.exists()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    content = path.read_bytes()
    data = json.loads(content)
    assert data["current"] == key_id_of(stored)
    assert len(base64.b64decode(data["keys"][data["current"]])) == 32

    crypto.reset_keyring_cache()  # as a restart would
    assert decrypt(stored, aad=AAD) == "dev secret"
    assert path.read_bytes() == content
    assert [p.name for p in path.parent.iterdir()] == ["vault-keys.json"]  # no temp left


def test_development_key_file_made_public_is_refused(vault):
    encrypt("x", aad=AAD)
    (Path(vault.VAR_DIR) / "vault-keys.json").chmod(0o644)
    crypto.reset_keyring_cache()
    with pytest.raises(ImproperlyConfigured, match="0644"):
        encrypt("x", aad=AAD)


def test_env_reaches_the_keyring_through_settings(tmp_path):
    """The real wiring, in a fresh process: MSP_VAULT_* -> settings -> msp.crypto."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MSP_", "DJANGO_")) and k != "DATABASE_URL"
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "msp.settings",
            "MSP_VAR_DIR": str(tmp_path),
            "MSP_VAULT_KEYS": env_value({"old1": os.urandom(32), "new2": os.urandom(32)}),
            "MSP_VAULT_CURRENT_KEY": "new2",
        }
    )
    script = (
        # settings only, no django.setup(): the keyring needs no app registry.
        "from msp import crypto\n"
        "aad = crypto.associated_data_for('msp.credential', 'password', 1)\n"
        "s = crypto.encrypt('ok', aad=aad)\n"
        "print(crypto.key_id_of(s), crypto.decrypt(s, aad=aad))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["new2", "ok"]
    assert not (tmp_path / "vault-keys.json").exists()


# --- Override helper ---------------------------------------------------------------------


def test_override_keyring_nests_and_restores(vault):
    vault.VAULT_KEYS = env_value({"base": os.urandom(32)})
    outer, inner = Keyring.generate("outer"), Keyring.generate("inner")
    with override_keyring(outer):
        assert crypto.current_key_id() == "outer"
        with override_keyring(inner):
            assert crypto.current_key_id() == "inner"
        assert crypto.current_key_id() == "outer"
    assert crypto.current_key_id() == "base"


def test_keyring_repr_shows_no_key_material():
    key = os.urandom(32)
    ring = Keyring({"k1": key}, "k1")
    assert repr(ring) == "<Keyring current='k1' key_ids=['k1']>"
    assert b64(key) not in repr(ring) and key.hex() not in repr(ring)


# --- Rotation ----------------------------------------------------------------------------


def test_rotation_keeps_old_values_readable_and_reencrypt_moves_them(vault):
    old_key, new_key = os.urandom(32), os.urandom(32)
    vault.VAULT_KEYS = env_value({"old": old_key})
    stored = encrypt("rotate me", aad=AAD)
    assert key_id_of(stored) == "old" and not needs_rotation(stored)

    # Step 1: the new key joins the ring and becomes current; the old one stays.
    vault.VAULT_KEYS = env_value({"new": new_key, "old": old_key})
    assert crypto.current_key_id() == "new"
    assert decrypt(stored, aad=AAD) == "rotate me"
    assert needs_rotation(stored)

    # Step 2: rotate_encryption_key re-encrypts.
    rotated = reencrypt(stored, aad=AAD)
    assert key_id_of(rotated) == "new" and not needs_rotation(rotated)
    assert rotated != stored
    assert decrypt(rotated, aad=AAD) == "rotate me"

    # Step 3: the old key leaves the ring: rotated values still decrypt, stragglers fail
    # loudly.
    vault.VAULT_KEYS = env_value({"new": new_key})
    assert decrypt(rotated, aad=AAD) == "rotate me"
    with pytest.raises(DecryptionError) as caught:
        decrypt(stored, aad=AAD)
    assert caught.value.reason == "unknown_key"


def test_reencrypt_keeps_the_row_binding():
    ring = Keyring.generate("a", "b", current="a")
    with override_keyring(ring):
        stored = encrypt("bound", aad=AAD)
    with override_keyring(ring.with_current("b")):
        with pytest.raises(DecryptionError):
            reencrypt(stored, aad=associated_data_for("msp.credential", "password", 7))
        rotated = reencrypt(stored, aad=AAD)
        with pytest.raises(DecryptionError):
            decrypt(rotated, aad=associated_data_for("msp.credential", "token", ROW))
    with override_keyring(ring.with_current("b").without("a")):
        assert decrypt(rotated, aad=AAD) == "bound"


def test_keyring_helpers():
    ring = Keyring.generate("a")
    bigger = ring.with_key("b", os.urandom(32), make_current=True)
    assert bigger.current_id == "b" and bigger.key_ids == ("a", "b")
    assert "a" in bigger and len(bigger) == 2
    with pytest.raises(ImproperlyConfigured):
        bigger.without("b")  # cannot drop the current key
    with pytest.raises(ImproperlyConfigured):
        ring.with_key("a", os.urandom(32))


# --- Properties --------------------------------------------------------------------------


@hsettings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plaintext=st.text(), field=st.sampled_from(SECRET_FIELDS), row=st.uuids())
def test_round_trip_property(ring, plaintext, field, row):
    aad = associated_data_for("msp.credential", field, row)
    stored = encrypt(plaintext, aad=aad)
    assert stored.startswith("v1:k1:")
    assert decrypt(stored, aad=aad) == plaintext
    other = SECRET_FIELDS[(SECRET_FIELDS.index(field) + 1) % len(SECRET_FIELDS)]
    with pytest.raises(DecryptionError):
        decrypt(stored, aad=associated_data_for("msp.credential", other, row))


@hsettings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(garbage=st.text(alphabet=st.characters(codec="ascii"), max_size=120))
def test_garbage_never_decrypts_and_never_crashes_otherwise(ring, garbage):
    with pytest.raises(DecryptionError):
        decrypt(garbage, aad=AAD)
    with pytest.raises(DecryptionError):
        decrypt("v1:k1:" + garbage, aad=AAD)
