"""Credential vault services: the only code that writes or reads credential secrets.

The API, the admin, ``seed_demo`` and ``rotate_encryption_key`` all come through here, so
that encryption, the associated data and the audit trail are the same whichever door is
used:

- :func:`create_credential` / :func:`update_credential` / :func:`delete_credential`:
  one transaction each, the secrets encrypted under the current key, recorded as
  ``credential.created`` / ``.updated`` / ``.deleted`` with the *names* of what changed.
- :func:`reveal_credential`: checks ``msp.reveal_credential`` (a denial is recorded as
  ``permission.denied``), decrypts every set secret, records ``credential.reveal`` and only
  then returns the plaintexts. A value that does not decrypt is recorded as
  ``credential.decrypt_failed`` (reason and key id, never the stored text) and raises
  :class:`CredentialDecryptError`; nothing is returned then, not even the other fields.
- :func:`rotate_credential_row`: re-encrypts one row's values that are not under the
  current key (used in batches by ``rotate_encryption_key``).

Secrets in and out are ``str``; a value of ``None`` or ``""`` in a write clears the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from audit.services import record
from msp import crypto
from msp.models.credentials import SECRET_FIELDS, Credential, encrypted_field_name

REVEAL_PERMISSION = "msp.reveal_credential"

__all__ = [
    "REVEAL_PERMISSION",
    "SECRET_FIELDS",
    "CredentialDecryptError",
    "DecryptFailure",
    "RotationResult",
    "can_reveal",
    "create_credential",
    "delete_credential",
    "record_decrypt_failure",
    "reveal_credential",
    "rotate_credential_row",
    "save_credential",
    "set_secrets",
    "update_credential",
]


@dataclass(frozen=True)
class DecryptFailure:
    """One stored value that did not decrypt. Holds no stored text."""

    credential_id: Any
    field: str
    reason: str
    key_id: str | None


class CredentialDecryptError(Exception):
    """A secret of a credential could not be decrypted (already audited).

    The message names the field, the reason code and the key id; never the stored text.
    """

    def __init__(self, failures: list[DecryptFailure]) -> None:
        self.failures = failures
        parts = [
            f"{f.field} ({f.reason}" + (f", key {f.key_id}" if f.key_id else "") + ")"
            for f in failures
        ]
        super().__init__("Stored secret could not be decrypted: " + ", ".join(parts) + ".")


# --- writes ---------------------------------------------------------------------------


@sensitive_variables()
def set_secrets(credential: Credential, secrets: Mapping[str, str | None]) -> dict[str, list[str]]:
    """Encrypt ``secrets`` onto ``credential`` (unsaved changes); ``None``/"" clears.

    Returns ``{"set": [...], "cleared": [...]}`` (field names). The row id must be final:
    the ciphertext is bound to it.
    """
    unknown = set(secrets) - set(SECRET_FIELDS)
    if unknown:
        raise ValueError(f"not secret fields: {sorted(unknown)}")
    if credential.pk is None:
        raise ValueError("the credential needs its primary key before secrets are set")
    changed: dict[str, list[str]] = {"set": [], "cleared": []}
    for name in SECRET_FIELDS:
        if name not in secrets:
            continue
        value = secrets[name]
        attname = encrypted_field_name(name)
        if value is None or value == "":
            if getattr(credential, attname) is not None:
                changed["cleared"].append(name)
            setattr(credential, attname, None)
            continue
        if not isinstance(value, str):
            raise TypeError(f"secret {name!r} must be str")
        setattr(credential, attname, crypto.encrypt(value, aad=credential.associated_data(name)))
        changed["set"].append(name)
    return changed


@transaction.atomic
def save_credential(
    credential: Credential,
    *,
    changed_fields: Iterable[str] = (),
    secrets: Mapping[str, str | None] | None = None,
    explicit: Iterable[str] = (),
    user: Any = None,
    request: Any = None,
) -> Credential:
    """Encrypt ``secrets`` onto ``credential`` (whose other changes are already set on
    it), save, and record ``credential.created`` or ``.updated`` with the changed names.

    A secret written without ``last_rotated_at`` among ``explicit`` (the fields the
    caller really sent) stamps ``last_rotated_at`` with now.
    """
    event = "credential.created" if credential._state.adding else "credential.updated"
    changed_secrets = set_secrets(credential, secrets or {})
    if changed_secrets["set"] and "last_rotated_at" not in set(explicit):
        credential.last_rotated_at = timezone.now()
    credential.save()
    record(
        event,
        actor=user,
        target=credential,
        request=request,
        details={
            "fields": sorted(set(changed_fields)),
            "secrets_set": changed_secrets["set"],
            "secrets_cleared": changed_secrets["cleared"],
        },
    )
    return credential


@transaction.atomic
def create_credential(
    *,
    fields: Mapping[str, Any],
    secrets: Mapping[str, str | None] | None = None,
    user: Any = None,
    request: Any = None,
    explicit: Iterable[str] | None = None,
) -> Credential:
    """A new credential from model ``fields`` and plaintext ``secrets``, audited.

    ``explicit``: the fields the caller really sent (default: all of ``fields``); a
    secret written without an explicit ``last_rotated_at`` stamps it with now.
    """
    credential = Credential(**fields)
    return save_credential(
        credential,
        changed_fields=[name for name, value in fields.items() if value not in (None, "", [])],
        secrets=secrets,
        explicit=fields if explicit is None else explicit,
        user=user,
        request=request,
    )


@transaction.atomic
def update_credential(
    credential: Credential,
    *,
    fields: Mapping[str, Any] | None = None,
    secrets: Mapping[str, str | None] | None = None,
    user: Any = None,
    request: Any = None,
    explicit: Iterable[str] | None = None,
) -> Credential:
    """Apply ``fields`` and ``secrets`` to ``credential`` and save, audited."""
    changed: set[str] = set()
    for name, value in (fields or {}).items():
        if getattr(credential, name) != value:
            changed.add(name)
        setattr(credential, name, value)
    return save_credential(
        credential,
        changed_fields=changed,
        secrets=secrets,
        explicit=set(fields or {}) | changed if explicit is None else explicit,
        user=user,
        request=request,
    )


@transaction.atomic
def delete_credential(credential: Credential, *, user: Any = None, request: Any = None) -> None:
    record(
        "credential.deleted",
        actor=user,
        target=credential,
        request=request,
        details={"client_id": str(credential.client_id), "secrets_set": credential.secrets_set},
    )
    credential.delete()


# --- reveal ---------------------------------------------------------------------------


def can_reveal(user: Any) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.has_perm(REVEAL_PERMISSION)
    )


def record_decrypt_failure(
    failure: DecryptFailure,
    *,
    credential: Credential | None = None,
    user: Any = None,
    request: Any = None,
    context: str,
) -> None:
    record(
        "credential.decrypt_failed",
        actor=user,
        target=credential,
        request=request,
        details={
            "credential_id": str(failure.credential_id),
            "field": failure.field,
            "reason": failure.reason,
            "key_id": failure.key_id,
            "context": context,
        },
    )


@sensitive_variables()
def reveal_credential(
    credential: Credential,
    *,
    user: Any,
    request: Any = None,
    via: str = "api",
    delegated: bool = False,
) -> dict[str, str]:
    """The plaintexts of every set secret of ``credential``, ``{field: value}``.

    Raises ``PermissionDenied`` (recorded as ``permission.denied``) without the
    permission, :class:`CredentialDecryptError` (recorded per field as
    ``credential.decrypt_failed``) if any value does not decrypt. The reveal is recorded
    before the values are returned; if that write fails, nothing is returned.
    """
    if delegated or not can_reveal(user):
        # ``delegated``: the request carries a credential that acts for the user without
        # being the user (a Claude Code machine token): a stolen hook token must not
        # open the vault, whatever the user may do.
        record(
            "permission.denied",
            actor=user,
            target=credential,
            request=request,
            details={
                "permission": REVEAL_PERMISSION,
                "action": "reveal",
                "via": via,
                "delegated": delegated,
            },
        )
        raise PermissionDenied(
            "Secrets cannot be revealed with a machine token; log in as the technician."
            if delegated
            else "You do not have permission to reveal credential secrets."
        )
    values: dict[str, str] = {}
    failures: list[DecryptFailure] = []
    for name in SECRET_FIELDS:
        stored = credential.stored_secret(name)
        if stored is None:
            continue
        try:
            values[name] = crypto.decrypt(stored, aad=credential.associated_data(name))
        except crypto.DecryptionError as exc:
            failures.append(DecryptFailure(credential.pk, name, exc.reason, exc.key_id))
    if failures:
        for failure in failures:
            record_decrypt_failure(
                failure, credential=credential, user=user, request=request, context=f"reveal:{via}"
            )
        raise CredentialDecryptError(failures)
    record(
        "credential.reveal",
        actor=user,
        target=credential,
        request=request,
        details={"fields": list(values), "via": via},
    )
    return values


# --- rotation -------------------------------------------------------------------------


@dataclass
class RotationResult:
    rotated: list[str] = field(default_factory=list)
    failures: list[DecryptFailure] = field(default_factory=list)


@sensitive_variables()
def rotate_credential_row(credential: Credential) -> RotationResult:
    """Re-encrypt, on the instance, every set value not under the current key.

    Values already current are left alone (rotation is idempotent); a value that does
    not decrypt is left as it is and reported. The caller saves the rotated fields.
    """
    result = RotationResult()
    for name in SECRET_FIELDS:
        stored = credential.stored_secret(name)
        if stored is None or not crypto.needs_rotation(stored):
            continue
        try:
            rotated = crypto.reencrypt(stored, aad=credential.associated_data(name))
        except crypto.DecryptionError as exc:
            result.failures.append(DecryptFailure(credential.pk, name, exc.reason, exc.key_id))
            continue
        setattr(credential, encrypted_field_name(name), rotated)
        result.rotated.append(name)
    return result
