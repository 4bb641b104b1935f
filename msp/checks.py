"""System checks of this project's own settings (``manage.py check --deploy``)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register

from msp.key_strength import HOW_TO_GENERATE, key_problem


@register(Tags.security, deploy=True)
def check_key_strength(app_configs=None, **kwargs) -> list[Error]:
    # Production refuses weak keys at start already; this catches a configuration being
    # prepared or checked outside production mode before it goes live.
    keys = {
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "MSP_JWT_SIGNING_KEY": settings.JWT_SIGNING_KEY,
        "MSP_AUDIT_HMAC_KEY": settings.AUDIT_HMAC_KEY,
    }
    return [
        Error(
            f"{name} {problem}.",
            hint=f"Generate a key with: {HOW_TO_GENERATE}",
            id="msp.E001",
        )
        for name, value in keys.items()
        if (problem := key_problem(value)) is not None
    ]
