"""Operator commands: help that names every default, clean one-line errors, machine
token listing and revocation that says what really happened."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError

from audit.tests.factories import make_event
from msp.testing.factories import UserFactory
from msp.testing.live import BASE_DIR, child_env, current_database_url, manage
from tracking.services.machine_tokens import issue_machine_token, revoke_machine_token

PROJECT_APPS = ("msp", "audit", "tracking", "context_recall")
# Options every Django command has; documented by Django.
DJANGO_OPTIONS = {
    "help",
    "version",
    "verbosity",
    "settings",
    "pythonpath",
    "traceback",
    "no_color",
    "force_color",
    "skip_checks",
}


def project_commands() -> list[tuple[str, str]]:
    return sorted((name, app) for name, app in get_commands().items() if app in PROJECT_APPS)


def test_the_contract_s_commands_all_exist():
    names = {name for name, _ in project_commands()}
    assert {
        "issue_machine_token",
        "revoke_token",
        "list_machine_tokens",
        "rotate_encryption_key",
        "verify_audit",
        "prune_audit",
        "export_audit",
        "import_transcripts",
        "recall",
        "billing_report",
        "seed_demo",
        "reindex_search",
    } <= names


@pytest.mark.parametrize(("name", "app"), project_commands())
def test_every_option_has_help_and_names_its_default(name, app):
    command = load_command_class(app, name)
    parser = command.create_parser("manage.py", name)
    assert command.help.strip()
    for action in parser._actions:
        if action.dest in DJANGO_OPTIONS or action.help == argparse.SUPPRESS:
            continue
        assert action.help and action.help.strip(), f"{name} {action.dest}: no help"
        optional = action.option_strings and not action.required
        if optional or action.nargs == "?":
            assert "default" in action.help.lower(), f"{name} {action.dest}: default not shown"
        assert "%(default)s" not in parser.format_help()


# --- list_machine_tokens ---------------------------------------------------------------


@pytest.fixture
def tokens(db):
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    a1 = issue_machine_token(user=alice, fingerprint="a" * 64, hostname="alice-laptop")
    a2 = issue_machine_token(user=alice, fingerprint="c" * 64, hostname="jump-host")
    b1 = issue_machine_token(user=bob, fingerprint="b" * 64, hostname="bob-desktop")
    revoke_machine_token(a2.row)
    return {"a1": a1, "a2": a2, "b1": b1}


def listed(*args) -> list[dict]:
    out = StringIO()
    call_command("list_machine_tokens", "--json", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_list_machine_tokens_lists_every_token_with_its_state(tokens):
    rows = {row["id"]: row for row in listed()}
    assert set(rows) == {str(t.row.pk) for t in tokens.values()}
    assert rows[str(tokens["a1"].row.pk)]["state"] == "active"
    assert rows[str(tokens["a2"].row.pk)]["state"].startswith("revoked ")
    # The token itself is never stored, so never shown.
    out = StringIO()
    call_command("list_machine_tokens", stdout=out)
    for issued in tokens.values():
        assert issued.token not in out.getvalue()
    assert out.getvalue().splitlines()[0].split() == [
        "id", "user", "hostname", "fingerprint", "name", "state", "expires", "last_used",
    ]  # fmt: skip


def test_list_machine_tokens_filters_by_user_machine_and_state(tokens):
    assert {row["user"] for row in listed("--user", "bob")} == {"bob"}
    assert [row["hostname"] for row in listed("--machine", "a" * 64)] == ["alice-laptop"]
    assert [row["hostname"] for row in listed("--machine", "JUMP-HOST")] == ["jump-host"]
    machine_id = str(tokens["b1"].row.machine_id)
    assert [row["user"] for row in listed("--machine", machine_id)] == ["bob"]
    active = listed("--user", "alice", "--active")
    assert [row["hostname"] for row in active] == ["alice-laptop"]
    assert listed("--machine", "nothing-like-it") == []


def test_list_machine_tokens_refuses_an_unknown_user(tokens):
    with pytest.raises(CommandError, match="No user 'carol'"):
        call_command("list_machine_tokens", "--user", "carol")


# --- revoke_token ------------------------------------------------------------------------


def test_revoke_token_twice_says_so_and_fails(tokens):
    token_id = str(tokens["a1"].row.pk)
    out = StringIO()
    call_command("revoke_token", token_id, stdout=out)
    assert out.getvalue().strip() == "Revoked 1 token(s)."
    with pytest.raises(CommandError, match=f"Token {token_id} was already revoked at "):
        call_command("revoke_token", token_id)
    # The token string itself too.
    with pytest.raises(CommandError, match="already revoked"):
        call_command("revoke_token", tokens["a1"].token)


def test_revoke_token_of_a_machine_whose_tokens_are_all_revoked_fails(tokens):
    with pytest.raises(CommandError, match="already revoked"):
        call_command("revoke_token", "--machine", "c" * 64)
    out = StringIO()
    call_command("revoke_token", "--machine", "a" * 64, stdout=out)
    assert "Revoked 1 token(s)." in out.getvalue()


# --- export_audit and configuration errors: one line, non-zero, no traceback -----------


def assert_one_line_error(result, *fragments):
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


def test_export_audit_into_a_missing_folder_is_one_line(db, tmp_path):
    with pytest.raises(CommandError, match=r"--output: cannot write .*No such file"):
        call_command("export_audit", "--output", str(tmp_path / "missing" / "audit.jsonl"))


@pytest.mark.django_db(transaction=True)
def test_export_audit_into_a_closed_pipe_and_a_missing_folder_end_in_one_line(tmp_path):
    for _ in range(400):
        make_event("test.event", details={"padding": "x" * 200})
    env = child_env(current_database_url(), tmp_path)
    # `export_audit | head -1`: the reader closes the pipe after one line.
    export = subprocess.Popen(
        [sys.executable, str(BASE_DIR / "manage.py"), "export_audit"],
        env=env,
        cwd=BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert json.loads(export.stdout.readline())["seq"] == 1
    export.stdout.close()
    stderr = export.stderr.read()
    assert export.wait(timeout=120) != 0
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    assert stderr == (
        "export_audit: error: output closed before the command finished (broken pipe);"
        " output is incomplete\n"
    )
    missing = manage(env, "export_audit", "--output", str(tmp_path / "no" / "such" / "f"))
    assert_one_line_error(missing, "--output: cannot write", "No such file or directory")


@pytest.mark.parametrize(
    "keys",
    ["garbage", "k1:not-base64!", "k1:" + "QUJD" * 4, "k1:a,k1:b"],
    ids=["no-id", "not-base64", "too-short", "duplicate"],
)
def test_malformed_vault_keys_are_one_line_and_never_quote_the_key(tmp_path, keys):
    env = child_env("sqlite:///" + str(tmp_path / "db.sqlite3"), tmp_path, MSP_VAULT_KEYS=keys)
    result = manage(env, "rotate_encryption_key", "--dry-run", "--no-progress")
    assert_one_line_error(result, "rotate_encryption_key: error: configuration: MSP_VAULT_KEYS")
    secret_part = keys.split(":", 1)[-1]
    assert secret_part not in result.stderr
