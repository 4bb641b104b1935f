"""End to end: passwords said in plain language or passed on command lines (one of each
shape of msp/testing/plain_secrets.py, generated afresh on every run) are sent through the
credentials API and the Claude Code hook endpoint, then looked for everywhere they could
have landed: the database file itself (SQLite's pages; MariaDB's data and redo log files
when the server's data directory is readable here), every table row, the request log,
whatever the server logged, and every recall and hook answer.

Transactional: InnoDB's FULLTEXT index sees rows only once committed, and committed rows
are what reaches the redo log.
"""

from __future__ import annotations

import json
import logging
import random
import re
import time
from pathlib import Path

import pytest
from django.db import connection
from rest_framework.test import APIClient

from audit.models import ApiRequestLog
from context_recall.models import ConversationContext
from context_recall.tests.test_hook_endpoint import (
    REMOTE,
    SESSION_ID,
    payload,
    post,
    save_payload,
    transcript_entries,
)
from msp.models import Credential
from msp.testing.auth import client_for
from msp.testing.factories import UserFactory
from msp.testing.inventory_factories import ClientFactory
from msp.testing.plain_secrets import planted_records
from tracking.services.machine_tokens import issue_machine_token
from tracking.testing.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)

_RUN = re.compile(r"[A-Za-z0-9]{6,}")


def fragments(secret: str) -> set[str]:
    """What of a secret must not be found: the secret, and every alphanumeric run of 6+
    characters in it with a digit and a letter (lower case too: full-text indexes store
    lower-cased words). A run of letters only ("hunter") is a word other tests may have
    stored, a run of digits only ("054633") a number (microseconds of a timestamp)."""
    runs = {r for r in _RUN.findall(secret) if any(c.isdigit() for c in r) and not r.isdigit()} | {
        secret
    }
    return runs | {r.lower() for r in runs}


def as_said(secret: str, text: str) -> str:
    """What to look for: the secret itself, or, for a PIN, which cannot be told apart from
    the ids, counts and timestamps every table holds ("2005", "054633"), the PIN with the
    word said before it ("is 2005"), which only a failed redaction would have stored."""
    if len(secret) >= 6 and not secret.isdigit():
        return secret
    said = re.search(r"[^\W\d_]+\W{0,2}" + re.escape(secret) + r"(?!\d)", text)
    assert said, (secret, text)
    return said.group()


def assert_absent(where: str, text: str, secrets: list[str]) -> None:
    for secret in secrets:
        found = [f for f in fragments(secret) if f in text]
        at = text.find(found[0]) if found else 0
        assert not found, (
            f"{where}: {found} of a planted secret is there: {text[at - 200 : at + 50]!r}"
        )


@pytest.fixture
def server_logs():
    """Every record any logger emits, at any level, while the requests run."""
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(self.format(record))
            if record.exc_info:
                records.append(logging.Formatter().formatException(record.exc_info))

    handler = Collect(logging.DEBUG)
    loggers = [logging.getLogger()] + [
        logging.getLogger(name) for name in list(logging.Logger.manager.loggerDict)
    ]
    levels = [(lg, lg.level) for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.DEBUG)
    yield records
    for lg, level in levels:
        lg.removeHandler(handler)
        lg.setLevel(level)


def database_files() -> list[tuple[str, bytes]]:
    """The bytes of the database as stored: SQLite's whole page image (free pages
    included); MariaDB's redo log, system tablespace, undo logs and the test database's
    table files, after writing the redo log out. Empty if MariaDB's files are elsewhere."""
    if connection.vendor == "sqlite":
        return [("sqlite pages", connection.connection.serialize())]
    with connection.cursor() as cursor:
        cursor.execute("FLUSH ENGINE LOGS")
        cursor.execute("SELECT @@datadir, DATABASE()")
        datadir, name = cursor.fetchone()
    root = Path(datadir)
    if not root.is_dir():
        return []
    paths = [*root.glob("ib_logfile*"), *root.glob("ibdata*"), *root.glob("undo*")]
    paths += list((root / name).glob("*"))
    out = []
    for path in paths:
        try:
            out.append((str(path), path.read_bytes()))
        except OSError:
            continue
    return out


def table_rows() -> str:
    """Every row of every table, as text."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                parts.append(" ".join(str(v) for v in row))
    return "\n".join(parts)


def bash_entries(commands: list[str]) -> list[dict]:
    """Transcript entries in Claude Code's format: one Bash call per command, each answered."""
    base = {"sessionId": SESSION_ID, "cwd": "/home/tech/src/acme-firewall", "version": "2.1.150"}
    entries = []
    for n, command in enumerate(commands):
        tool_id = f"toolu_s{n:03d}"
        entries.append(
            base
            | {
                "type": "assistant",
                "uuid": f"00000000-0000-0000-0001-{n:012d}",
                "timestamp": "2026-11-20T15:00:00.000Z",
                "message": {
                    "role": "assistant",
                    "content": [
                        {
                            "type": "tool_use",
                            "id": tool_id,
                            "name": "Bash",
                            "input": {"command": command},
                        }
                    ],
                },
            }
        )
        entries.append(
            base
            | {
                "type": "user",
                "uuid": f"00000000-0000-0000-0002-{n:012d}",
                "timestamp": "2026-11-20T15:00:01.000Z",
                "message": {
                    "role": "user",
                    "content": [
                        {
                            "tool_use_id": tool_id,
                            "type": "tool_result",
                            "content": f"failed: {command}" if n % 2 else "done",
                            "is_error": bool(n % 2),
                        }
                    ],
                },
            }
        )
    return entries


def test_plain_language_secrets_land_nowhere(server_logs):
    records = planted_records(random.Random(), per_template=1)
    texts = [text for _, text, _ in records]
    secrets = [secret for _, _, secret in records]
    notes_secrets = [f"Kx{random.randrange(10**9):09d}!q" for _ in range(2)]
    field_secret = f"Vault-{random.randrange(10**9):09d}#z"
    stored = secrets + notes_secrets + [field_secret]
    everything = [as_said(secret, text) for _, text, secret in records]
    everything += [*notes_secrets, field_secret]

    user = UserFactory(is_superuser=True, is_staff=True)
    api = client_for(user)
    answers: list[str] = []

    # The vault: the secret field encrypted, the notes redacted.
    client = ClientFactory()
    notes = f"Password: {notes_secrets[0]}\nold password: {notes_secrets[1]}\n" + "\n".join(
        texts[:12]
    )
    response = api.post(
        "/api/v1/credentials/",
        {
            "client": str(client.pk),
            "name": "Firewall admin",
            "username": "admin",
            "credential_type": "password",
            "password": field_secret,
            "notes": notes,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    answers.append(response.content.decode())
    credential = Credential.objects.get(pk=response.json()["id"])
    assert "[REDACTED:password]" in credential.notes and "Firewall" not in credential.notes
    answers.append(api.get(f"/api/v1/credentials/{credential.pk}/").content.decode())

    # The hooks: a prompt, then a transcript with the commands, then recall.
    project = ProjectFactory(name="Acme firewall", slug="acme-firewall", repository_url=REMOTE)
    issued = issue_machine_token(user=user, fingerprint="f" * 64, hostname="tech-laptop")
    hook = APIClient()
    hook.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.token}")
    prompt = "Notes from the phone call, Phoenix VPN:\n" + "\n".join(texts)
    response = post(hook, payload("UserPromptSubmit") | {"prompt": prompt})
    assert response.status_code == 200, response.content
    answers.append(response.content.decode())
    user_turn = transcript_entries()[1]
    user_turn = user_turn | {"message": {"role": "user", "content": prompt}}
    entries = [user_turn, *transcript_entries()[2:], *bash_entries(texts)]
    stop = save_payload("Stop", entries=entries)
    stop["last_assistant_message"] = "Done. " + " ".join(texts[:20])
    response = post(hook, stop, gz=True)
    assert response.status_code == 200, response.content
    assert ConversationContext.objects.filter(project=project).exists()

    # Every answer that could carry a memory back, asked with the secrets' sentences (a
    # bare secret in a query has no context to be recognised by, and would be logged).
    for event, extra in (
        ("SessionStart", {}),
        ("UserPromptSubmit", {"prompt": "Phoenix VPN again. " + " ".join(texts[:10])}),
    ):
        response = post(hook, payload(event) | extra)
        assert response.status_code == 200, response.content
        answers.append(response.content.decode())
    for query in ["Phoenix VPN", "password", *texts[:5], " ".join(texts[:3])]:
        response = api.get("/api/v1/recall/", {"project": str(project.pk), "q": query[:200]})
        assert response.status_code == 200, response.content
        answers.append(response.content.decode())
    recalled = " ".join(answers)
    assert "Phoenix" in recalled  # the memory was saved and is recalled, secrets aside

    for n, answer in enumerate(answers):
        assert_absent(f"answer {n}", answer, everything)
    assert_absent("server logs", "\n".join(server_logs), everything)
    logged = ApiRequestLog.objects.all()
    assert logged.count() >= 8
    assert_absent(
        "request log",
        "\n".join(
            f"{r.endpoint} {r.user_agent} {r.request_body} {r.error_message}" for r in logged
        ),
        everything,
    )
    assert_absent("table rows", table_rows(), everything)
    # The files must hold what was saved before their absence of secrets means anything:
    # MariaDB writes its redo log out within innodb_flush_log_at_timeout (1 s by default;
    # CI's server does not flush at each commit).
    deadline = time.monotonic() + 15
    while True:
        files = database_files()
        if any(b"phoenix" in data.lower() for _, data in files) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    if connection.vendor == "sqlite":
        assert files
    if files:
        assert any(b"phoenix" in data.lower() for _, data in files), "saved data not on disk"
    for name, data in files:
        lowered = data.lower()
        for secret in stored:
            # A PIN ("48600", "054633") is no fingerprint in a server's files, which hold
            # every other test's data too; the rows and answers above were checked for it
            # with the word said before it.
            distinctive = {f for f in fragments(secret) if len(f) >= 6 and not f.isdigit()}
            found = [f for f in distinctive if f.lower().encode() in lowered]
            assert not found, f"{name}: {found} of a planted secret is in the database file"


def test_credential_notes_are_redacted_on_every_save():
    client = ClientFactory()
    credential = Credential(client=client, name="NAS", notes="the pw is Bl4ck-b0x#44, ask Bob")
    credential.save()
    credential.refresh_from_db()
    assert credential.notes == "the pw is [REDACTED:password], ask Bob"
    credential.notes = "VPN required; old password: Gr33n-Tea!7\nPort 8443"
    credential.save()
    credential.refresh_from_db()
    assert credential.notes == "VPN required; old password: [REDACTED:password]\nPort 8443"


def test_hook_payload_json_stays_json_once_redacted(server_logs):
    # The request log keeps the redacted body: it must still parse.
    user = UserFactory()
    issued = issue_machine_token(user=user, fingerprint="e" * 64, hostname="tech-laptop")
    hook = APIClient()
    hook.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.token}")
    ProjectFactory(repository_url=REMOTE)
    records = planted_records(random.Random(), per_template=1)
    prompt = "\n".join(text for _, text, _ in records)
    post(hook, payload("UserPromptSubmit", machine_fingerprint="e" * 64) | {"prompt": prompt})
    body = ApiRequestLog.objects.filter(endpoint__contains="hooks").latest("seq").request_body
    parsed = json.loads(body)
    assert "[REDACTED:password]" in parsed["prompt"]
