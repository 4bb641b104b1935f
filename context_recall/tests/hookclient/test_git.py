"""hookclient.git: the repository around a folder, from real git, cached per folder until
the repository's config changes; credentials dropped from remotes."""

from __future__ import annotations

import os
import subprocess

import pytest

from context_recall.claude_code.hookclient import git, locks, paths


@pytest.fixture
def repo(tmp_path, home):
    path = tmp_path / "repo"
    (path / "sub").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    subprocess.run(["git", "-C", str(path), "remote", "add", "origin",
                    "https://alice:s3cret@git.example.com/acme/fw.git"], check=True)  # fmt: skip
    return path


def test_toplevel_and_remote_then_cached(repo):
    top, remote = git.git_info(str(repo / "sub"))
    assert top == os.path.realpath(repo)
    assert remote == "https://alice:s3cret@git.example.com/acme/fw.git"
    cache = locks.read_json(os.path.join(paths.state_dir(), "git.json"), {})
    assert cache[str(repo / "sub")]["toplevel"] == top


def test_cache_is_used_until_the_config_changes(repo, monkeypatch):
    git.git_info(str(repo))
    calls = []
    real = git._run_git
    monkeypatch.setattr(
        git, "_run_git", lambda cwd, timeout: calls.append(cwd) or real(cwd, timeout)
    )
    assert git.git_info(str(repo))[1].endswith("fw.git")
    assert calls == []  # answered from git.json
    subprocess.run(["git", "-C", str(repo), "remote", "set-url", "origin",
                    "git@git.example.com:acme/other.git"], check=True)  # fmt: skip
    assert git.git_info(str(repo))[1] == "git@git.example.com:acme/other.git"
    assert calls == [str(repo)]


def test_git_environment_variables_bypass_the_cache(repo, monkeypatch):
    git.git_info(str(repo))
    monkeypatch.setenv("GIT_DIR", str(repo / ".git"))
    calls = []
    real = git._run_git
    monkeypatch.setattr(
        git, "_run_git", lambda cwd, timeout: calls.append(cwd) or real(cwd, timeout)
    )
    git.git_info(str(repo))
    assert calls == [str(repo)]


def test_outside_a_repository(tmp_path, home):
    (tmp_path / "plain").mkdir()
    assert git.git_info(str(tmp_path / "plain")) == ("", "")


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        ("https://alice:tok@h/x.git", "https://h/x.git"),
        ("https://h/x.git", "https://h/x.git"),
        ("git@h:acme/x.git", "git@h:acme/x.git"),
        ("ssh://git@h:22/x", "ssh://h:22/x"),
    ],
)
def test_clean_remote(url, clean):
    assert git.clean_remote(url) == clean


def test_context_block_never_carries_the_credentials(repo, monkeypatch):
    monkeypatch.setenv("MSP_CLAUDE_PROJECT", "acme-fw")
    block = git.context_block({"cwd": str(repo)}, {})
    assert block["git_remote_url"] == "https://git.example.com/acme/fw.git"
    assert block["project"] == "acme-fw" and len(block["machine_fingerprint"]) == 64
    assert git.context_block({"cwd": "/does/not/exist"}, {})["git_toplevel"] is None
