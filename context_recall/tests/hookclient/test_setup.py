"""hookclient.setup: merging our hooks into Claude Code settings (others kept, idempotent,
backed up, mode kept), removing only ours, the registered command, the installed copy."""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path

from context_recall.claude_code import build
from context_recall.claude_code.hookclient import setup
from context_recall.claude_code.hookclient.events import EVENTS

OTHERS = {
    "model": "opus",
    "hooks": {
        "Stop": [{"hooks": [{"type": "command", "command": "notify-send done"}]}],
        "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "x"}]}],
    },
}


def ours(settings: dict) -> dict:
    return {
        event: [h for g in groups for h in g["hooks"] if setup.is_ours(h)]
        for event, groups in settings.get("hooks", {}).items()
    }


def test_add_registers_every_event_with_its_timeout_and_keeps_the_rest():
    settings = json.loads(json.dumps(OTHERS))
    setup.add_our_hooks(settings, "cmd --msp-claude-hook")
    mine = ours(settings)
    assert {e: [h["timeout"] for h in hs] for e, hs in mine.items() if hs} == {
        e: [spec["timeout"] for _ in (1,)] for e, spec in EVENTS.items()
    }
    assert settings["model"] == "opus"
    assert settings["hooks"]["Stop"][0] == OTHERS["hooks"]["Stop"][0]
    assert settings["hooks"]["PreToolUse"] == OTHERS["hooks"]["PreToolUse"]
    again = json.loads(json.dumps(settings))
    setup.add_our_hooks(again, "cmd --msp-claude-hook")
    assert again == settings  # idempotent: no duplicates


def test_remove_takes_only_ours_and_empties_nothing_else():
    settings = json.loads(json.dumps(OTHERS))
    setup.add_our_hooks(settings, "cmd --msp-claude-hook")
    assert setup.remove_our_hooks(settings) == len(EVENTS)
    assert settings == OTHERS
    bare: dict = {}
    setup.add_our_hooks(bare, "cmd --msp-claude-hook")
    setup.remove_our_hooks(bare)
    assert bare == {}


def test_update_settings_backs_up_keeps_the_mode_and_is_idempotent(tmp_path):
    path = tmp_path / ".claude" / "settings.json"
    path.parent.mkdir()
    path.write_text(json.dumps(OTHERS))
    os.chmod(path, 0o640)
    change = lambda s: setup.add_our_hooks(s, "c --msp-claude-hook")  # noqa: E731
    backup = setup.update_settings(str(path), change)
    assert json.loads(Path(backup).read_text()) == OTHERS
    assert os.stat(path).st_mode & 0o777 == 0o640
    assert setup.update_settings(str(path), change) is None  # nothing to change
    assert len(list(path.parent.iterdir())) == 2


def test_a_settings_file_that_is_not_an_object_is_left_alone(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("[1]")
    try:
        setup.update_settings(str(path), setup.remove_our_hooks)
    except ValueError as exc:
        assert "JSON object" in str(exc)
    else:
        raise AssertionError("a non-object settings file must be refused")
    assert path.read_text() == "[1]"


def test_hook_command_runs_the_script_through_the_loader(tmp_path):
    command = setup.hook_command("/opt/my dir/client.py")
    words = shlex.split(command)
    assert words[1] == "-c" and words[2] == setup.LAUNCHER
    assert words[3:] == ["/opt/my dir/client.py", "hook", setup.MARKER]


def test_install_copies_the_generated_single_file(home):
    assert setup.own_script() == str(build.OUTPUT)
    target = setup.install_self()
    assert target == str(home / ".local" / "share" / "msp-claude" / "client.py")
    assert Path(target).read_text() == build.render()
    assert os.stat(target).st_mode & 0o777 == 0o700
