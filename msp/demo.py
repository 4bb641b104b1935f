"""Demo data for a first look at the product (``manage.py seed_demo``)."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

DEMO_USERNAME = "demo-tech"
DEMO_MANAGER = "demo-manager"
TECHNICIAN_GROUP = "Technicians"
MANAGER_GROUP = "Managers"
# The demo technician's team: it sees the demo client, not the second one.
DEMO_TEAM = "Team Northwind"
TECHNICIAN_APPS = ("msp", "tracking", "context_recall")
# Revealing a credential, seeing every client, granting client access and handling
# colleagues' machine tokens are deliberate grants (managers), never a technician default.
WITHHELD_PERMISSIONS = {
    "reveal_credential",
    "view_all_clients",
    "manage_client_access",
    "manage_machine_tokens",
    "unbill_timeentry",
}


def technician_group() -> Group:
    group, _ = Group.objects.get_or_create(name=TECHNICIAN_GROUP)
    permissions = Permission.objects.filter(content_type__app_label__in=TECHNICIAN_APPS).exclude(
        codename__in=WITHHELD_PERMISSIONS
    )
    group.permissions.set(permissions)
    return group


def manager_group() -> Group:
    """Everything a technician has, plus what is withheld from them."""
    group, _ = Group.objects.get_or_create(name=MANAGER_GROUP)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=TECHNICIAN_APPS)
        # Managers read the audit trails (unbilling, reveals, sign-ins) in the admin.
        | Permission.objects.filter(content_type__app_label="audit", codename__startswith="view_")
    )
    return group


def _ensure_user(
    username: str, first: str, last: str, group: Group, reset_password: bool
) -> tuple[object, str | None]:
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@example.invalid",
            "is_staff": True,
        },
    )
    user.groups.add(group)
    password = None
    if created or reset_password:
        password = secrets.token_urlsafe(15)
        user.set_password(password)
        user.save()
    return user, password


@transaction.atomic
def ensure_demo_technician(reset_password: bool = False) -> tuple[object, str | None]:
    """The demo technician; returns the password only when one was (re)generated."""
    user, password = _ensure_user(
        DEMO_USERNAME, "Demo", "Technician", technician_group(), reset_password
    )
    team, _ = Group.objects.get_or_create(name=DEMO_TEAM)
    user.groups.add(team)
    return user, password


@transaction.atomic
def ensure_demo_manager(reset_password: bool = False) -> tuple[object, str | None]:
    """The demo manager: sees every client, reveals credentials, grants client access
    and manages every machine token."""
    return _ensure_user(DEMO_MANAGER, "Demo", "Manager", manager_group(), reset_password)
