"""Demo data for a first look at the product (``manage.py seed_demo``)."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

DEMO_USERNAME = "demo-tech"
TECHNICIAN_GROUP = "Technicians"
TECHNICIAN_APPS = ("msp", "tracking", "context_recall")
# Revealing a credential, seeing every client, granting client access and handling
# colleagues' machine tokens are deliberate grants (managers), never a technician default.
WITHHELD_PERMISSIONS = {
    "reveal_credential",
    "view_all_clients",
    "manage_client_access",
    "manage_machine_tokens",
}


def technician_group() -> Group:
    group, _ = Group.objects.get_or_create(name=TECHNICIAN_GROUP)
    permissions = Permission.objects.filter(content_type__app_label__in=TECHNICIAN_APPS).exclude(
        codename__in=WITHHELD_PERMISSIONS
    )
    group.permissions.set(permissions)
    return group


@transaction.atomic
def ensure_demo_technician(reset_password: bool = False) -> tuple[object, str | None]:
    """The demo technician; returns the password only when one was (re)generated."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=DEMO_USERNAME,
        defaults={
            "first_name": "Demo",
            "last_name": "Technician",
            "email": "demo-tech@example.invalid",
            "is_staff": True,
        },
    )
    user.groups.add(technician_group())
    password = None
    if created or reset_password:
        password = secrets.token_urlsafe(15)
        user.set_password(password)
        user.save()
    return user, password
