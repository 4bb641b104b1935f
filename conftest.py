import pytest
from django.core.cache import cache
from django.test import TransactionTestCase

from msp.testing.auth import client_for
from msp.testing.factories import StaffUserFactory, UserFactory


@pytest.fixture(autouse=True)
def _isolated_cache(request):
    """Throttle counters live in the shared (database) cache, which transactional tests do
    not roll back: each database test starts with none. (unittest-style cases run inside
    a rolled-back transaction and need nothing.)"""
    if request.instance is not None and isinstance(request.instance, TransactionTestCase):
        return
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
        request.fixturenames
    ):
        request.getfixturevalue("_django_db_helper")
        cache.clear()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def staff_user(db):
    return StaffUserFactory()


@pytest.fixture
def api(user):
    return client_for(user)


@pytest.fixture
def staff_api(staff_user):
    return client_for(staff_user)
