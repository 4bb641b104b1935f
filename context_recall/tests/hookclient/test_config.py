"""hookclient.config: defaults, the user's file, the environment; a stable fingerprint."""

from __future__ import annotations

import json
import os

from context_recall.claude_code.hookclient import config, paths


def test_defaults_without_a_file(home):
    loaded = config.load_config()
    assert loaded["timeout_prompt"] == 5.0 and loaded["timeout_save"] == 8.0
    assert "server" not in loaded


def test_file_overrides_defaults_and_the_environment_overrides_timeouts(home, monkeypatch):
    os.makedirs(paths.config_dir())
    with open(paths.config_path(), "w") as f:
        json.dump({"server": "https://s", "timeout_prompt": 2}, f)
    assert config.load_config()["timeout_prompt"] == 2
    monkeypatch.setenv("MSP_CLAUDE_TIMEOUT", "0.5")
    loaded = config.load_config()
    assert (loaded["server"], loaded["timeout_prompt"], loaded["timeout_save"]) == (
        "https://s",
        0.5,
        0.5,
    )
    monkeypatch.setenv("MSP_CLAUDE_TIMEOUT", "soon")
    assert config.load_config()["timeout_prompt"] == 2


def test_fingerprint_is_kept_once_computed(home):
    first = config.machine_fingerprint()
    assert len(first) == 64 and int(first, 16) >= 0
    stored = os.path.join(paths.state_dir(), "fingerprint")
    with open(stored, "w") as f:
        f.write("a" * 64)
    assert config.machine_fingerprint() == "a" * 64  # a later hostname change keeps it


def test_hook_url(home):
    assert config.hook_url({"server": "https://s/"}) == "https://s/api/v1/hooks/claude-code/"
