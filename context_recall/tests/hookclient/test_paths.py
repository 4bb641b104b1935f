"""hookclient.paths: XDG directories honoured when absolute, defaults under HOME."""

from __future__ import annotations

import os

from context_recall.claude_code.hookclient import paths


def test_defaults_under_home(home):
    assert paths.config_path() == str(home / ".config" / "msp-claude" / "config.json")
    assert paths.state_dir() == str(home / ".local" / "state" / "msp-claude")
    assert paths.spool_dir() == str(home / ".local" / "state" / "msp-claude" / "spool")
    assert paths.data_dir() == str(home / ".local" / "share" / "msp-claude")


def test_absolute_xdg_variables_win_relative_ones_are_ignored(home, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("XDG_STATE_HOME", "relative/state")
    assert paths.config_dir() == str(tmp_path / "cfg" / "msp-claude")
    assert paths.state_dir() == str(home / ".local" / "state" / "msp-claude")


def test_private_dir_is_0700(home):
    target = home / "a" / "b"
    paths.make_private_dir(str(target))
    assert os.stat(target).st_mode & 0o777 == 0o700
    paths.make_private_dir(str(target))  # again: no error
