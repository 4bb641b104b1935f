"""Base classes every resource's viewset derives from.

A resource's viewset names its queryset, serializer and filterset and nothing else (the
NetBox habit); scoping, strict query parameters and write delegation live here, once.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated

from msp.api.permissions import ModelPermissions
from msp.scoping import scope_for_user


def filter_query_params(filterset_class, only: str | None = None) -> set[str]:
    """The query parameters a filterset reads (or one of its filters, ``only``): a
    range filter ``date`` reads ``date_after`` and ``date_before``, not ``date``."""
    names: set[str] = set()
    for name, filter_ in filterset_class.base_filters.items():
        if only is not None and name != only:
            continue
        widget = filter_.field.widget
        suffixes = getattr(widget, "suffixes", None)
        names |= {widget.suffixed(name, suffix) for suffix in suffixes} if suffixes else {name}
    return names


class StrictQueryParamsMixin:
    """Rejects query parameters the endpoint does not know (a mistyped filter would
    otherwise silently return every row, which is how wrong invoices happen)."""

    # Extra parameters an action accepts besides filters, search, ordering and paging.
    extra_query_params: Iterable[str] = ()

    def allowed_query_params(self) -> set[str]:
        allowed = set(self.extra_query_params)
        if getattr(self, "action", None) == "list":
            allowed |= {"page", "page_size"}
            for backend in self.filter_backends:
                if hasattr(backend, "get_filterset_class"):
                    filterset_class = backend().get_filterset_class(self, self.get_queryset())
                    if filterset_class is not None:
                        allowed |= filter_query_params(filterset_class)
                if getattr(backend, "search_param", None) and getattr(self, "search_fields", None):
                    allowed.add(backend.search_param)
                if getattr(backend, "ordering_param", None):
                    allowed.add(backend.ordering_param)
        return allowed

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        unknown = sorted(set(request.query_params) - self.allowed_query_params())
        if unknown:
            raise ValidationError({name: ["Unknown query parameter."] for name in unknown})


class ScopedQuerysetMixin:
    """Row scoping in one place: a user sees the rows of the clients their teams give
    access to (``msp.scoping``). Another client's row is then a 404 on detail, absent
    from lists and searches, and refused as a foreign key (the serializers scope their
    choices with the same function)."""

    def scope_queryset(self, queryset):
        return scope_for_user(queryset, self.request.user)

    def get_queryset(self):
        return self.scope_queryset(super().get_queryset())


class AtomicWritesMixin:
    """Each write runs in one transaction: a failure half-way leaves no row behind."""

    def perform_create(self, serializer):
        with transaction.atomic():
            serializer.save()

    def perform_update(self, serializer):
        with transaction.atomic():
            serializer.save()

    def perform_destroy(self, instance):
        with transaction.atomic():
            instance.delete()


class BaseReadOnlyViewSet(
    StrictQueryParamsMixin, ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet
):
    permission_classes = [IsAuthenticated, ModelPermissions]


class BaseModelViewSet(
    StrictQueryParamsMixin, ScopedQuerysetMixin, AtomicWritesMixin, viewsets.ModelViewSet
):
    permission_classes = [IsAuthenticated, ModelPermissions]
