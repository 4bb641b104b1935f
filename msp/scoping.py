"""Per-client access (the team model), decided in one place.

A client is visible to the members of its teams (``Client.teams``, Django groups);
``msp.view_all_clients`` (managers; superusers hold every permission) sees every client.
Every row that belongs to a client follows it. ``CLIENT_PATHS`` says, per model, which
lookups lead from a row to its client; ``scope_for_user`` narrows any queryset of those
models to what a user may see. The API (``ScopedQuerysetMixin``, every serializer's
foreign keys), the admin (``ScopedAdminMixin``) and the services that read on a user's
behalf all call it, so no view carries its own copy of the rule.

A row whose path to a client is empty (a project of no client, a global snippet) belongs
to no client and stays visible to everyone: that is shared, internal knowledge.

The visible clients are an inline subquery, never a list read first: scoping adds no
query, whatever the number of rows or clients.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q, QuerySet

VIEW_ALL_CLIENTS = "msp.view_all_clients"
MANAGE_CLIENT_ACCESS = "msp.manage_client_access"

# model label -> lookups from a row to its client ("pk" for the client itself). A row is
# visible when every lookup reaches a visible client or nothing. msp names the other
# apps' models by label only: it imports none of them.
CLIENT_PATHS: dict[str, tuple[str, ...]] = {
    "msp.client": ("pk",),
    "msp.site": ("client",),
    "msp.infrastructure": ("client",),
    "msp.service": ("infrastructure__client",),
    "msp.network": ("client",),
    "msp.firewallrule": ("firewall__client",),
    "msp.m365tenant": ("client",),
    "msp.credential": ("client",),
    "msp.securityincident": ("client",),
    "tracking.project": ("client",),
    "tracking.projectpath": ("project__client",),
    "tracking.worksession": ("client",),
    "tracking.workitem": ("session__client",),
    "tracking.task": ("client",),
    "tracking.timeentry": ("client",),
    "tracking.commandrun": ("session__client",),
    "tracking.filechange": ("session__client",),
    "tracking.problemsolution": ("client",),
    # An infrastructure change may name no asset: its session's client then decides.
    "tracking.infrastructurechange": ("infrastructure__client", "session__client"),
    "context_recall.conversationcontext": ("client",),
    "context_recall.contextsnippet": ("client",),
    "context_recall.projectstate": ("project__client",),
    "context_recall.decisionlog": ("project__client",),
    "context_recall.claudesession": ("project__client",),
    "context_recall.claudesessionpart": ("session__project__client",),
}

# Models that reach a client through no foreign key of theirs and are not client data:
# machines and tokens belong to technicians, tags are a shared vocabulary. The test that
# every client-related model is listed in one of the two reads this.
UNSCOPED = {
    "tracking.machine",
    "tracking.machinetoken",
    "tracking.tag",
    "tracking.taggeditem",
}


def sees_all_clients(user: Any) -> bool:
    return bool(user is not None and user.is_active and user.has_perm(VIEW_ALL_CLIENTS))


def client_paths(model: type[models.Model]) -> tuple[str, ...]:
    return CLIENT_PATHS.get(model._meta.label_lower, ())


@cache
def _nullable(model: type[models.Model], path: str) -> bool:
    """Whether ``path`` can end in no client (any nullable foreign key on the way)."""
    if path == "pk":
        return False
    opts = model._meta
    for name in path.split("__"):
        field = opts.get_field(name)
        if field.null:
            return True
        opts = field.related_model._meta
    return False


def visible_client_ids(user: Any) -> QuerySet:
    """The ids of the clients ``user``'s teams give access to, as a subquery."""
    through = apps.get_model("msp", "Client").teams.through
    return through.objects.filter(group__user=user).values("client_id")


def scope_for_user(queryset: QuerySet, user: Any) -> QuerySet:
    """``queryset`` narrowed to the rows of clients ``user`` may see."""
    paths = client_paths(queryset.model)
    if not paths or sees_all_clients(user):
        return queryset
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    ids = visible_client_ids(user)
    condition = Q()
    for path in paths:
        reach = Q(**{f"{path}__in": ids})
        if _nullable(queryset.model, path):
            reach |= Q(**{f"{path}__isnull": True})
        condition &= reach
    return queryset.filter(condition)


def visible_clients(user: Any) -> QuerySet:
    return scope_for_user(apps.get_model("msp", "Client").objects.all(), user)


def can_see(user: Any, obj: models.Model) -> bool:
    """Whether ``user`` may see ``obj`` (one query, or none for unscoped models)."""
    if not client_paths(type(obj)) or sees_all_clients(user):
        return True
    return scope_for_user(type(obj).objects.filter(pk=obj.pk), user).exists()


def personal_team(user: Any) -> Group:
    """A team of one: what a technician creates alone (a client, an "Unsorted" client
    for repositories no project claims) is theirs until a manager shares it."""
    group, _ = Group.objects.get_or_create(name=f"{user.get_username()} (personal)"[:150])
    user.groups.add(group)
    return group


class ScopedAdminMixin:
    """The admin twin of the API's scoping: change lists, change and delete pages,
    history, list filters built from the queryset, autocompletes (they search the
    related model's admin queryset) and every foreign-key or many-to-many choice.
    For ModelAdmin and inline classes alike."""

    def get_queryset(self, request):
        return scope_for_user(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and getattr(field, "queryset", None) is not None:
            field.queryset = scope_for_user(field.queryset, request.user)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and getattr(field, "queryset", None) is not None:
            field.queryset = scope_for_user(field.queryset, request.user)
        return field
