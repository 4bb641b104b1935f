"""``manage.py migrate`` on an empty database is all a working server needs: the database
cache's table (throttle counters) comes from a migration, not a separate command."""

import pytest

from msp.testing.live import child_env, fresh_database_url, manage

LOGIN = """
from django.contrib.auth import get_user_model
from django.test import Client
get_user_model().objects.create_user("{name}", password="a-long-operator-password-1")
response = Client().post(
    "/api/v1/auth/token/",
    {{"username": "{name}", "password": "a-long-operator-password-1"}},
    content_type="application/json",
)
print(response.status_code, sorted(response.json()))
"""


def log_in(env, name):
    login = manage(env, "shell", "-c", LOGIN.format(name=name))
    assert login.returncode == 0, login.stderr
    return login.stdout.strip().splitlines()[-1]


@pytest.mark.django_db(transaction=True)
def test_migrate_alone_gives_a_server_that_logs_in(tmp_path):
    with fresh_database_url(tmp_path) as url:
        env = child_env(url, tmp_path)
        migrated = manage(env, "migrate", "--noinput")
        assert migrated.returncode == 0, migrated.stderr
        assert "msp.0005_cache_table... OK" in migrated.stdout
        assert log_in(env, "op") == "200 ['access', 'refresh']"
        # createcachetable after it (the old instructions) is harmless.
        assert manage(env, "createcachetable").returncode == 0
        # And the migration can be reversed and replayed.
        back = manage(env, "migrate", "msp", "0001", "--noinput")
        assert back.returncode == 0, back.stderr
        assert manage(env, "migrate", "--noinput").returncode == 0
        assert log_in(env, "op2") == "200 ['access', 'refresh']"
