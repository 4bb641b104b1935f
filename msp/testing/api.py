"""One generic API test base that every resource reuses (NetBox's ``APIViewTestCases``).

A resource's test declares a few attributes and gets list / retrieve / create / update /
partial update / delete, 401 without a token, 403 without the model permission, 400 on
bad input (with nothing written), constant query counts on lists, filter tests, and the
access model: another client's object is a 404 on detail, update and delete, absent
from the list, and refused as a foreign key (``msp.scoping``)::

    class TestClientAPI(APIViewTestCases.APIViewTestCase):
        model = Client
        base_path = "/api/v1/clients/"
        factory = ClientFactory
        def get_create_data(self): return [{"name": "Acme"}]
        update_data = {"notes": "moved"}
        invalid_data = [({"name": ""}, {"name"})]
        def filter_cases(self): return [({"name": "Acme"}, {self.acme.pk})]
"""

from __future__ import annotations

import uuid
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar
from unittest import mock

import django_filters
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework.test import APIClient, APITestCase

from msp.api.pagination import StandardPagination
from msp.api.viewsets import filter_query_params
from msp.models import Client
from msp.scoping import VIEW_ALL_CLIENTS, client_paths, scope_for_user
from msp.testing.auth import client_for
from msp.testing.factories import UserFactory
from msp.testing.inventory_factories import ClientFactory


def _as_time(value: Any):
    if not isinstance(value, str):
        return None
    return parse_datetime(value) or parse_date(value)


def same_value(sent: Any, got: Any) -> bool:
    """Whether the API answered ``got`` for a field it was sent ``sent``, allowing for the
    representation it chose: "150" for 150.00, "2026-01-01T00:00:00Z" for "+00:00", tags
    in another order."""
    if sent == got or str(sent) == str(got):
        return True
    if isinstance(sent, dict) and isinstance(got, dict):
        return all(key in got and same_value(value, got[key]) for key, value in sent.items())
    if isinstance(sent, list) and isinstance(got, list):
        if len(sent) != len(got):
            return False
        if all(isinstance(item, str) for item in [*sent, *got]):
            return sorted(sent) == sorted(got)
        return all(same_value(a, b) for a, b in zip(sent, got, strict=True))
    if (sent_time := _as_time(sent)) is not None and (got_time := _as_time(got)) is not None:
        return sent_time == got_time
    if isinstance(sent, bool) or isinstance(got, bool):
        return False
    try:
        return Decimal(str(sent)) == Decimal(str(got))
    except (InvalidOperation, ValueError):
        return False


# A value each kind of filter must refuse with a 400. Text filters accept any text.
INVALID_FILTER_VALUES: list[tuple[type, str]] = [
    (django_filters.BooleanFilter, "maybe"),
    (django_filters.UUIDFilter, "not-a-uuid"),
    (django_filters.ModelChoiceFilter, "not-a-uuid"),
    (django_filters.ModelMultipleChoiceFilter, "not-a-uuid"),
    (django_filters.NumberFilter, "not-a-number"),
    (django_filters.IsoDateTimeFilter, "not-a-time"),
    (django_filters.DateTimeFilter, "not-a-time"),
    (django_filters.DateFilter, "not-a-date"),
    (django_filters.IsoDateTimeFromToRangeFilter, "not-a-time"),
    (django_filters.DateFromToRangeFilter, "not-a-date"),
    (django_filters.ChoiceFilter, "no-such-choice"),
    (django_filters.MultipleChoiceFilter, "no-such-choice"),
]


def invalid_value_for(filter_: Any) -> str | None:
    for kind, value in INVALID_FILTER_VALUES:
        if isinstance(filter_, kind):
            return value
    return None


class APIViewTestCases:
    class Base(APITestCase):
        model: ClassVar[Any] = None
        base_path: ClassVar[str] = ""
        factory: ClassVar[Any] = None
        # Actions this resource permits; a read-only resource lists fewer.
        actions: ClassVar[tuple[str, ...]] = ("view", "add", "change", "delete")

        # The factory keyword that puts an object at a given client; default: the first
        # of the model's paths to its client (``msp.scoping.CLIENT_PATHS``).
        foreign_path: ClassVar[str | None] = None

        def make(self, **kwargs):
            return self.factory(**kwargs)

        def is_client_scoped(self) -> bool:
            return bool(client_paths(self.model))

        def make_foreign(self):
            """An object of a client the test user's teams do not include."""
            other = ClientFactory(teams=[])
            if self.model is Client:
                return other
            path = self.foreign_path or client_paths(self.model)[0]
            obj = self.make(**{path: other})
            visible = scope_for_user(self.model.objects.filter(pk=obj.pk), self.user)
            assert not visible.exists(), "make_foreign() made an object the user can see"
            return obj

        def detail_path(self, obj) -> str:
            return f"{self.base_path}{obj.pk}/"

        def permission_names(self, actions=None) -> list[str]:
            opts = self.model._meta
            return [
                f"{opts.app_label}.{action}_{opts.model_name}"
                for action in (actions or self.actions)
            ]

        def privileged_user(self):
            return UserFactory(permissions=self.permission_names())

        def setUp(self):
            super().setUp()
            self.user = self.privileged_user()
            self.client = client_for(self.user)
            self.anonymous = APIClient()
            self.unprivileged = client_for(UserFactory())

        def grant(self, *actions: str) -> None:
            for name in self.permission_names(actions):
                app_label, codename = name.split(".")
                self.user.user_permissions.add(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )

        def assert_error(self, response, status: int, fields: set[str] | None = None):
            assert response.status_code == status, (response.status_code, response.content)
            assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
            body = response.json()
            assert isinstance(body.get("detail"), str) and body.get("code"), body
            if fields:
                assert fields <= set(body.get("errors", {})), body
            return body

    class GetObjectViewTestCase(Base):
        def test_get_object(self):
            obj = self.make()
            response = self.client.get(self.detail_path(obj))
            assert response.status_code == 200, response.content
            assert response.json()["id"] == str(obj.pk)

        def test_get_object_without_token_is_401(self):
            response = self.anonymous.get(self.detail_path(self.make()))
            self.assert_error(response, 401)

        def test_get_object_without_permission_is_403(self):
            response = self.unprivileged.get(self.detail_path(self.make()))
            self.assert_error(response, 403)

        def test_get_object_with_bad_uuid_is_404(self):
            self.assert_error(self.client.get(f"{self.base_path}not-a-uuid/"), 404)

        def test_get_missing_object_is_404(self):
            self.assert_error(self.client.get(f"{self.base_path}{uuid.uuid4()}/"), 404)

        def test_another_clients_object_is_404_like_a_missing_one(self):
            if not self.is_client_scoped():
                return
            obj = self.make_foreign()
            missing = self.client.get(f"{self.base_path}{uuid.uuid4()}/").json()
            body = self.assert_error(self.client.get(self.detail_path(obj)), 404)
            assert body == missing  # no existence oracle
            for method in ("patch", "put", "delete"):
                if method in ("patch", "put") and "change" not in self.actions:
                    continue
                if method == "delete" and "delete" not in self.actions:
                    continue
                self.assert_error(getattr(self.client, method)(self.detail_path(obj), {}), 404)
            assert self.model.objects.filter(pk=obj.pk).exists()

    class ListObjectsViewTestCase(Base):
        def test_list_objects(self):
            objects = [self.make() for _ in range(3)]
            response = self.client.get(self.base_path)
            assert response.status_code == 200, response.content
            body = response.json()
            assert {"count", "next", "previous", "results"} <= set(body)
            assert {str(o.pk) for o in objects} <= {row["id"] for row in body["results"]}

        def test_another_clients_object_is_not_listed_but_a_manager_sees_it(self):
            if not self.is_client_scoped():
                return
            mine, theirs = self.make(), self.make_foreign()
            listed = {row["id"] for row in self.client.get(self.base_path).json()["results"]}
            assert str(mine.pk) in listed and str(theirs.pk) not in listed
            manager = UserFactory(permissions=[*self.permission_names(), VIEW_ALL_CLIENTS])
            response = client_for(manager).get(self.base_path, {"page_size": 500})
            assert str(theirs.pk) in {row["id"] for row in response.json()["results"]}
            assert client_for(manager).get(self.detail_path(theirs)).status_code == 200

        def test_list_without_token_is_401(self):
            self.assert_error(self.anonymous.get(self.base_path), 401)

        def test_list_without_permission_is_403(self):
            self.assert_error(self.unprivileged.get(self.base_path), 403)

        def test_list_query_count_does_not_grow_with_rows(self):
            self.make()
            # Warm-up: the first request of a test may pay one-off queries (content
            # types, the audit chain head) that say nothing about N+1.
            assert self.client.get(self.base_path).status_code == 200
            with CaptureQueriesContext(connection) as few:
                assert self.client.get(self.base_path).status_code == 200
            for _ in range(6):
                self.make()
            with CaptureQueriesContext(connection) as many:
                response = self.client.get(self.base_path)
            assert response.status_code == 200
            assert len(many) == len(few), (
                f"{len(few)} queries for few rows, {len(many)} for more: N+1?\n"
                + "\n".join(q["sql"] for q in many.captured_queries)
            )

        def test_list_rejects_unknown_query_parameter(self):
            body = self.assert_error(
                self.client.get(self.base_path, {"no_such_filter": "1"}), 400, {"no_such_filter"}
            )
            assert body["code"] == "invalid"

        def test_list_page_size_is_capped(self):
            assert StandardPagination.max_page_size == settings.MAX_PAGE_SIZE == 500
            for _ in range(3):
                self.make()
            # The cap lowered to 2, so that three rows prove it instead of 501.
            with mock.patch.object(StandardPagination, "max_page_size", 2):
                response = self.client.get(self.base_path, {"page_size": 100000})
            assert response.status_code == 200, response.content
            body = response.json()
            assert body["count"] >= 3, body["count"]
            assert len(body["results"]) == 2
            assert body["next"] and "page=2" in body["next"]

        def test_list_page_past_the_end_is_404(self):
            self.make()
            self.assert_error(self.client.get(self.base_path, {"page": 9999}), 404)

    class CreateObjectViewTestCase(Base):
        def get_create_data(self) -> list[dict]:
            raise AssertionError(f"{type(self).__name__} must define get_create_data()")

        # (payload, fields the 400 must name)
        invalid_data: ClassVar[list[tuple[dict, set[str]]]] = []

        def get_invalid_data(self) -> list[tuple[dict, set[str]]]:
            return self.invalid_data

        def get_create_only_invalid_data(self) -> list[tuple[dict, set[str]]]:
            """Invalid only on create, e.g. a required field missing: not replayed as a
            PATCH, which may omit any field."""
            return []

        def test_create_objects(self):
            for payload in self.get_create_data():
                before = self.model.objects.count()
                response = self.client.post(self.base_path, payload, format="json")
                assert response.status_code == 201, (payload, response.content)
                assert self.model.objects.count() == before + 1
                created = self.model.objects.get(pk=response.json()["id"])
                self.check_created(created, payload, response.json())

        def check_created(self, obj, payload: dict, body: dict) -> None:
            """Override to assert more about what was stored."""

        def test_create_with_invalid_data_is_400_and_writes_nothing(self):
            cases = [*self.get_invalid_data(), *self.get_create_only_invalid_data()]
            assert cases, f"{type(self).__name__} declares no invalid_data"
            for payload, fields in cases:
                before = self.model.objects.count()
                response = self.client.post(self.base_path, payload, format="json")
                self.assert_error(response, 400, fields)
                assert self.model.objects.count() == before, payload

        def test_another_clients_object_is_refused_as_a_foreign_key(self):
            """Each foreign key of the create payload that leads to a client, in turn
            pointed at a row of a client the user cannot see: 400 on that field."""
            checked = 0
            for payload in self.get_create_data():
                for name, value in payload.items():
                    clients = self._clients_behind(name, value)
                    if not clients:
                        continue
                    through = Client.teams.through
                    saved = list(through.objects.filter(client_id__in=clients))
                    through.objects.filter(client_id__in=clients).delete()
                    try:
                        before = self.model.objects.count()
                        response = self.client.post(self.base_path, payload, format="json")
                        self.assert_error(response, 400, {name})
                        assert self.model.objects.count() == before
                    finally:
                        through.objects.bulk_create(saved)
                    checked += 1
            referencing = any(
                getattr(field, "related_model", None) and client_paths(field.related_model)
                for field in self.model._meta.get_fields()
                if field.concrete and not field.auto_created
            )
            assert checked or not referencing or self.no_foreign_key_in_create_data, (
                f"{type(self).__name__}: no create payload names a client's row"
            )

        # Set when the create payloads reference no client's row although the model could.
        no_foreign_key_in_create_data: ClassVar[bool] = False

        def _clients_behind(self, name: str, value) -> set:
            try:
                field = self.model._meta.get_field(name)
            except Exception:
                return set()
            related = getattr(field, "related_model", None)
            if related is None or not client_paths(related) or value in (None, "", []):
                return set()
            ids = value if isinstance(value, list) else [value]
            clients: set = set()
            for path in client_paths(related):
                clients |= {
                    pk
                    for pk in related.objects.filter(pk__in=ids).values_list(path, flat=True)
                    if pk is not None
                }
            return clients

        def test_create_without_token_is_401(self):
            before = self.model.objects.count()
            response = self.anonymous.post(self.base_path, self.get_create_data()[0], format="json")
            self.assert_error(response, 401)
            assert self.model.objects.count() == before

        def test_create_without_permission_is_403(self):
            before = self.model.objects.count()
            response = self.unprivileged.post(
                self.base_path, self.get_create_data()[0], format="json"
            )
            self.assert_error(response, 403)
            assert self.model.objects.count() == before

        def test_create_with_malformed_json_is_400(self):
            response = self.client.generic(
                "POST", self.base_path, '{"name": ', content_type="application/json"
            )
            self.assert_error(response, 400)

        def test_create_with_wrong_content_type_is_415(self):
            response = self.client.generic(
                "POST", self.base_path, "name=x", content_type="application/x-www-form-urlencoded"
            )
            self.assert_error(response, 415)

    class UpdateObjectViewTestCase(Base):
        update_data: ClassVar[dict] = {}

        def get_update_data(self) -> dict:
            return self.update_data

        # Fields the API stores in another form than it was sent (normalised URLs...):
        # not compared after an update.
        unchecked_update_fields: ClassVar[set[str]] = set()

        def assert_stored(self, obj, payload: dict, answer: dict) -> None:
            """The answer and a fresh GET both show every field sent (write-only fields,
            absent from both, excepted)."""
            again = self.client.get(self.detail_path(obj)).json()
            assert again["id"] == answer["id"] == str(obj.pk)
            for field, value in payload.items():
                if field in self.unchecked_update_fields or field not in again:
                    continue
                assert same_value(value, answer[field]), (field, value, answer[field])
                assert same_value(value, again[field]), (field, value, again[field])

        def test_partial_update_object(self):
            obj = self.make()
            data = self.get_update_data()
            assert data, f"{type(self).__name__} declares no update_data"
            before = self.client.get(self.detail_path(obj)).json()
            changed = [f for f, v in data.items() if f in before and not same_value(v, before[f])]
            assert changed, f"update_data {data} changes nothing the API shows"
            response = self.client.patch(self.detail_path(obj), data, format="json")
            assert response.status_code == 200, response.content
            self.assert_stored(obj, data, response.json())

        def test_update_object(self):
            obj = self.make()
            update = self.get_update_data()
            payload = {**self.get_create_data()[0], **update}
            response = self.client.put(self.detail_path(obj), payload, format="json")
            assert response.status_code == 200, response.content
            # The create payload's own values may be stored normalised (that is what
            # the create tests check); the update's values must be stored as sent.
            self.assert_stored(obj, update, response.json())
            answer = {k: v for k, v in response.json().items() if k != "updated_at"}
            again = self.client.get(self.detail_path(obj)).json()
            assert answer == {k: v for k, v in again.items() if k != "updated_at"}

        def test_update_with_invalid_data_is_400_and_changes_nothing(self):
            obj = self.make()
            before = self.client.get(self.detail_path(obj)).json()
            for payload, fields in self.get_invalid_data():
                response = self.client.patch(self.detail_path(obj), payload, format="json")
                self.assert_error(response, 400, fields & set(payload) or None)
            after = self.client.get(self.detail_path(obj)).json()
            before.pop("updated_at", None)
            after.pop("updated_at", None)
            assert before == after

        def test_update_without_token_is_401(self):
            obj = self.make()
            response = self.anonymous.patch(
                self.detail_path(obj), self.get_update_data(), format="json"
            )
            self.assert_error(response, 401)

    class DeleteObjectViewTestCase(Base):
        def test_delete_object(self):
            obj = self.make()
            response = self.client.delete(self.detail_path(obj))
            assert response.status_code == 204, response.content
            assert not self.model.objects.filter(pk=obj.pk).exists()

        def test_delete_without_token_is_401(self):
            obj = self.make()
            self.assert_error(self.anonymous.delete(self.detail_path(obj)), 401)
            assert self.model.objects.filter(pk=obj.pk).exists()

        def test_delete_without_permission_is_403(self):
            obj = self.make()
            self.assert_error(self.unprivileged.delete(self.detail_path(obj)), 403)
            assert self.model.objects.filter(pk=obj.pk).exists()

    class FilterTestCase(Base):
        # Filters that need no dedicated case (e.g. aliases covered by another test).
        untested_filters: ClassVar[set[str]] = set()

        def filter_cases(self) -> list[tuple[dict, set]]:
            """(query parameters, primary keys the list must return exactly)."""
            raise AssertionError(f"{type(self).__name__} must define filter_cases()")

        def test_filters(self):
            for params, expected in self.filter_cases():
                response = self.client.get(self.base_path, {**params, "page_size": 500})
                assert response.status_code == 200, (params, response.content)
                got = {row["id"] for row in response.json()["results"]}
                assert got == {str(pk) for pk in expected}, params

        def test_every_filter_has_a_case(self):
            viewset = resolve(self.base_path).func.cls
            filterset_class = getattr(viewset, "filterset_class", None)
            if filterset_class is None:
                return
            used: set[str] = set()
            for params, _ in self.filter_cases():
                used |= set(params)
            # A range filter counts as tested when any of its suffixed parameters is.
            covered = {
                name
                for name in filterset_class.base_filters
                if filter_query_params(filterset_class, only=name) & used
            }
            declared = set(filterset_class.base_filters)
            missing = declared - covered - self.untested_filters - {"search", "ordering"}
            assert not missing, f"filters without a test case: {sorted(missing)}"

        def generated_invalid_filter_params(self) -> list[dict]:
            """One malformed value for every filter that can be malformed (all but free
            text), and an unknown ordering field."""
            params: list[dict] = [{"ordering": "no_such_field"}]
            viewset = resolve(self.base_path).func.cls
            filterset_class = getattr(viewset, "filterset_class", None)
            for name, filter_ in (filterset_class.base_filters if filterset_class else {}).items():
                value = invalid_value_for(filter_)
                if value is None:
                    continue
                for parameter in sorted(filter_query_params(filterset_class, only=name)):
                    params.append({parameter: value})
            return params

        def test_invalid_filter_value_is_400(self):
            cases = [*self.generated_invalid_filter_params(), *self.invalid_filter_params()]
            for params in cases:
                response = self.client.get(self.base_path, params)
                body = self.assert_error(response, 400)
                assert set(params) & set(body.get("errors", {})), (params, body)

        def invalid_filter_params(self) -> list[dict]:
            """Malformed values beyond the generated ones (out-of-range numbers...)."""
            return []

    class APIViewTestCase(
        GetObjectViewTestCase,
        ListObjectsViewTestCase,
        CreateObjectViewTestCase,
        UpdateObjectViewTestCase,
        DeleteObjectViewTestCase,
        FilterTestCase,
    ):
        pass

    class ReadOnlyAPIViewTestCase(GetObjectViewTestCase, ListObjectsViewTestCase, FilterTestCase):
        actions = ("view",)

        def test_writes_are_405(self):
            obj = self.make()
            for method, path in (
                ("post", self.base_path),
                ("put", self.detail_path(obj)),
                ("patch", self.detail_path(obj)),
                ("delete", self.detail_path(obj)),
            ):
                response = getattr(self.client, method)(path, {}, format="json")
                self.assert_error(response, 405)
