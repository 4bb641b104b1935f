"""Small helpers the inventory models' ``clean()`` methods share."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def unique_error(instance, field: str, queryset, message: str) -> dict[str, ValidationError]:
    """``{field: error}`` when another row of ``queryset`` exists, else ``{}``.

    Uniqueness is checked in ``clean()`` (not only by the database constraint) so that the
    API and the admin answer a field message (400) instead of a conflict (409); the
    ``UniqueConstraint`` stays as the backstop against races.
    """
    if queryset.exclude(pk=instance.pk).exists():
        return {field: ValidationError(message, code="unique")}
    return {}


def same_client_error(
    instance, field: str, related, client_id, what: str
) -> dict[str, ValidationError]:
    """``{field: error}`` when ``related`` (a Site, Infrastructure, ...) belongs to another
    client than ``client_id``."""
    if related is not None and client_id is not None and related_client_id(related) != client_id:
        return {
            field: ValidationError(
                "This %(what)s belongs to another client.",
                code="other_client",
                params={"what": what},
            )
        }
    return {}


def related_client_id(obj):
    """The client id of an inventory object, whether it holds ``client`` itself or gets it
    through its infrastructure (services) or firewall (firewall rules)."""
    if hasattr(obj, "client_id"):
        return obj.client_id
    if hasattr(obj, "infrastructure"):
        return obj.infrastructure.client_id
    raise TypeError(f"{type(obj).__name__} has no client")
