import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from audit.tests.factories import make_event, make_request_log

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_():
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("root", "r@example.invalid"))
    return client


def test_admin_lists_and_shows_but_never_edits(admin_client_):
    event = make_event("auth.login_failed", actor_repr="mallory")
    log = make_request_log()
    for model, row in (("auditevent", event), ("apirequestlog", log)):
        base = f"/admin/audit/{model}/"
        listing = admin_client_.get(base, {"q": "mallory"} if model == "auditevent" else {})
        assert listing.status_code == 200
        detail = admin_client_.get(f"{base}{row.pk}/change/")
        assert detail.status_code == 200
        assert b'name="_save"' not in detail.content
        assert admin_client_.get(f"{base}add/").status_code == 403
        assert admin_client_.get(f"{base}{row.pk}/delete/").status_code == 403
        assert admin_client_.post(f"{base}{row.pk}/change/", {}).status_code == 403
