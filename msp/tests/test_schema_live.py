"""schemathesis over HTTP against real servers, as an operator runs them: the development
server of ``make run`` (DEBUG on) and gunicorn in production mode behind a TLS proxy.
Every operation of the served schema, every response checked: no 5xx, documented status
codes and content types, bodies that match the schema. The in-process fuzz test
(``test_schema_fuzz``) goes deeper; this one proves the served modes answer the same."""

from __future__ import annotations

import base64
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from msp.testing.live import BASE_DIR, child_env, fresh_database_url, manage

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]
OPERATOR = "schema-operator"
# Made per run, never written anywhere but this process's children's environment.
OPERATOR_PASSWORD = secrets.token_urlsafe(24)
START_TIMEOUT = 60


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, headers: dict[str, str], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited: {log.read_text()[-4000:]}")
        try:
            if requests.get(url + "/healthz", headers=headers, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError(f"server at {url} did not start within {START_TIMEOUT} s")


def _serve(tmp_path: Path, production: bool) -> Iterator[dict[str, Any]]:
    with fresh_database_url(tmp_path) as database_url:
        extra = {"MSP_THROTTLE_AUTH": "1000/min"}
        if production:
            extra.update(
                MSP_ENV="production",
                DJANGO_ALLOWED_HOSTS="127.0.0.1",
                DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
                MSP_JWT_SIGNING_KEY=secrets.token_urlsafe(50),
                MSP_AUDIT_HMAC_KEY=secrets.token_urlsafe(50),
                MSP_VAULT_KEYS=f"k1:{base64.b64encode(secrets.token_bytes(32)).decode()}",
                MSP_VAULT_CURRENT_KEY="k1",
            )
        env = child_env(database_url, tmp_path, **extra)
        for args in (("migrate", "--noinput"), ("collectstatic", "--noinput")):
            done = manage(env, *args)
            assert done.returncode == 0, done.stderr
        created = manage(
            env,
            "shell",
            "-c",
            "from django.contrib.auth import get_user_model; get_user_model().objects."
            f"create_superuser({OPERATOR!r}, password={OPERATOR_PASSWORD!r})",
        )
        assert created.returncode == 0, created.stderr
        port = _free_port()
        if production:
            command = [
                sys.executable, "-m", "gunicorn", "msp.wsgi", "--bind", f"127.0.0.1:{port}",
                "--workers", "2", "--forwarded-allow-ips", "127.0.0.1",
            ]  # fmt: skip
        else:
            command = [
                sys.executable, str(BASE_DIR / "manage.py"), "runserver", "--noreload",
                f"127.0.0.1:{port}",
            ]  # fmt: skip
        # The server's log goes to a file: a pipe nobody reads fills up and blocks it.
        log = tmp_path / "server.log"
        with log.open("w") as log_file:
            process = subprocess.Popen(
                command, env=env, cwd=BASE_DIR, stdout=log_file, stderr=subprocess.STDOUT
            )
        url = f"http://127.0.0.1:{port}"
        # What the TLS-terminating proxy of a production setup adds to every request.
        headers = {"X-Forwarded-Proto": "https"} if production else {}
        try:
            _wait_until_up(url, process, headers, log)
            token = requests.post(
                url + "/api/v1/auth/token/",
                json={"username": OPERATOR, "password": OPERATOR_PASSWORD},
                headers=headers,
                timeout=10,
            )
            assert token.status_code == 200, token.text
            headers["Authorization"] = f"Bearer {token.json()['access']}"
            yield {"url": url, "headers": headers}
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="module")
def development_server(tmp_path_factory, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        yield from _serve(tmp_path_factory.mktemp("development"), production=False)


@pytest.fixture(scope="module")
def production_server(tmp_path_factory, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        yield from _serve(tmp_path_factory.mktemp("production"), production=True)


def _served_schema(server: dict[str, Any]) -> Any:
    response = requests.get(server["url"] + "/api/schema/", headers=server["headers"], timeout=30)
    assert response.status_code == 200, response.text[:200]
    assert response.headers["Content-Type"].startswith("application/vnd.oai.openapi")
    loaded = schemathesis.openapi.from_file(response.text)
    loaded.config.update(base_url=server["url"])
    return loaded


# Three examples per operation and a fixed seed: ~180 operations over real HTTP in each
# mode, bounded and reproducible; the in-process fuzz test covers more examples.
FUZZ = settings(
    max_examples=3, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck)
)


def _fuzz_every_operation(server: dict[str, Any]) -> list[str]:
    failures: list[str] = []
    calls: list[str] = []
    operations = [result.ok() for result in _served_schema(server).get_all_operations()]
    for operation in operations:

        @FUZZ
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            calls.append(operation.label)
            case.call_and_validate(headers=server["headers"], checks=CHECKS, timeout=30)

        try:
            check()
        except Exception as exc:  # every operation's failure reported, not the first only
            failures.append(f"{operation.label}: {str(exc)[:2000]}")
    # A schema that lost its operations, or a run that sent nothing, proves nothing.
    assert len(operations) > 150 and set(calls) == {op.label for op in operations}
    return failures


def test_development_server_conforms_to_its_schema(development_server):
    assert _fuzz_every_operation(development_server) == []


def test_production_server_conforms_to_its_schema(production_server):
    assert _fuzz_every_operation(production_server) == []


@pytest.mark.parametrize("server_name", ["development_server", "production_server"])
@pytest.mark.parametrize(
    "path", ["/api/v1/", "/api/v1/clients/not-a-uuid/", "/api/v1/no-such-thing/", "/api/nope"]
)
def test_every_answer_under_api_is_json(request, server_name, path):
    server = request.getfixturevalue(server_name)
    response = requests.get(server["url"] + path, headers=server["headers"], timeout=10)
    assert response.headers["Content-Type"].startswith("application/json"), response.text[:200]
    assert response.status_code in {200, 404}
