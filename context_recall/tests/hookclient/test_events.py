"""hookclient.events: one table for the client and the server. The client users download
(GET .../client.py) holds the same table as the server, every event in it has a server
handler, and handle_event dispatches from it."""

from __future__ import annotations

import importlib.util

import pytest
from rest_framework.test import APIClient

from context_recall.claude_code.hookclient import events
from context_recall.services import hooks


def downloaded_client(tmp_path):
    response = APIClient().get("/api/v1/hooks/claude-code/client.py")
    assert response.status_code == 200
    path = tmp_path / "client.py"
    path.write_bytes(response.content)
    spec = importlib.util.spec_from_file_location("downloaded_client", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_downloaded_client_and_server_agree(tmp_path):
    client = downloaded_client(tmp_path)
    assert client.EVENTS == events.EVENTS
    assert set(client.PROMPT_EVENTS) == hooks.PROMPT_EVENTS
    assert set(client.SAVE_EVENTS) == hooks.SAVE_EVENTS
    assert client.STATUS_EVENT == hooks.STATUS_EVENT
    assert client.SINGLE_FILE is True


def test_every_event_has_a_server_handler_and_nothing_else_does():
    assert set(hooks.HANDLERS) == set(events.EVENTS)
    assert events.STATUS_EVENT not in hooks.HANDLERS


def test_table_shape():
    assert events.PROMPT_EVENTS == ("SessionStart", "UserPromptSubmit")
    assert events.SAVE_EVENTS == ("Stop", "PreCompact", "SessionEnd")
    for spec in events.EVENTS.values():
        assert set(spec) == {"saves", "answers", "timeout"}
        assert not (spec["saves"] and spec["answers"])
        assert 0 < spec["timeout"] <= 60


@pytest.mark.parametrize("name", [events.STATUS_EVENT, "Notification", ""])
def test_events_outside_the_table_answer_nothing_and_touch_nothing(name):
    # No handler: answered before any project lookup, so no database access either.
    result = hooks.handle_event(hooks.Caller(user=None, machine=None), {"hook_event_name": name})
    assert (result.answer, result.project, result.session) == ({}, None, None)
