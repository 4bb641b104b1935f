"""Writes of the access model: who may change a client's teams, and the teams a new
client starts with. The rule of who sees what is in ``msp.scoping``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from msp.models import Client
from msp.models.clients import ClientType
from msp.scoping import MANAGE_CLIENT_ACCESS, personal_team, sees_all_clients


def check_teams_change(user: Any, client: Client | None, teams: Iterable[Any]) -> None:
    """Raises PermissionDenied when ``user`` would change who sees ``client`` without
    ``msp.manage_client_access``. Sending the teams unchanged (a PUT of what a GET
    returned) is no change."""
    if user.has_perm(MANAGE_CLIENT_ACCESS):
        return
    wanted = {team.pk for team in teams}
    current = set(client.teams.values_list("pk", flat=True)) if client is not None else set()
    if wanted != current:
        raise PermissionDenied("Changing a client's teams needs msp.manage_client_access.")


def give_creator_access(client: Client, user: Any) -> None:
    """A client created, without teams, by someone who cannot see every client would
    vanish from their view at once: it starts in the creator's personal team, until a
    manager shares it with the right team."""
    if user is None or sees_all_clients(user) or client.teams.exists():
        return
    client.teams.add(personal_team(user))


UNSORTED_NAME = "Unsorted ({username})"


def unsorted_client(user: Any) -> Client:
    """The user's "Unsorted" client: where projects created on first contact (a
    repository no project claims) wait to be moved to their real client. Only its
    creator (a personal team) and managers see it, so nothing of one technician's
    unfiled repositories reaches a colleague."""
    name = UNSORTED_NAME.format(username=user.get_username())[:200]
    client = Client.objects.filter(name__iexact=name).first()
    if client is None:
        try:
            with transaction.atomic():
                client = Client.objects.create(
                    name=name,
                    client_type=ClientType.INTERNAL,
                    notes="Projects Claude Code met in repositories no project claimed. "
                    "Move each project to its client; its memories follow.",
                )
            client.teams.add(personal_team(user))
        except (IntegrityError, ValidationError):  # created concurrently by another call
            return Client.objects.get(name__iexact=name)
    return client
