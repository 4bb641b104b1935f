"""Security events of Django's own login flows (admin and API) into the audit trail."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from audit.services import record


def _username(credentials: dict | None) -> str:
    return str((credentials or {}).get("username", ""))[:150]


@receiver(user_login_failed, dispatch_uid="msp.audit.login_failed")
def login_failed(sender, credentials=None, request=None, **kwargs):
    # Django already strips the password from ``credentials``; only the username is kept.
    record(
        "auth.login_failed",
        actor=None,
        details={"username": _username(credentials)},
        request=request,
    )


@receiver(user_logged_in, dispatch_uid="msp.audit.login_succeeded")
def logged_in(sender, request=None, user=None, **kwargs):
    record(
        "auth.login_succeeded", actor=user, target=user, details={"via": "admin"}, request=request
    )


@receiver(user_locked_out, dispatch_uid="msp.audit.locked_out")
def locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    record(
        "auth.locked_out",
        actor=None,
        details={"username": str(username or "")[:150]},
        request=request,
    )
