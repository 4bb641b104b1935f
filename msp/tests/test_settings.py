"""Production mode passes Django's deployment checks; development needs nothing set."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_extra=None, tmp_path=None):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MSP_", "DJANGO_")) and k != "DATABASE_URL"
    }
    env["MSP_VAR_DIR"] = str(tmp_path)
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_passes_check_deploy(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        env_extra={
            "MSP_ENV": "production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
            "MSP_JWT_SIGNING_KEY": secrets.token_urlsafe(60),
            "MSP_AUDIT_HMAC_KEY": secrets.token_urlsafe(60),
            "DJANGO_ALLOWED_HOSTS": "msp.example.com",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_keys(tmp_path):
    result = run_manage("check", tmp_path=tmp_path, env_extra={"MSP_ENV": "production"})
    assert result.returncode != 0
    assert "MSP_JWT_SIGNING_KEY" in result.stderr


def test_development_needs_nothing_and_keeps_generated_keys_private(tmp_path):
    result = run_manage("check", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    keys = tmp_path / "dev-keys.json"
    assert keys.exists()
    assert oct(keys.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("url", ["postgres://x@y/z", "ftp://nothing"])
def test_unsupported_database_url_is_refused(tmp_path, url):
    result = run_manage("check", tmp_path=tmp_path, env_extra={"DATABASE_URL": url})
    assert result.returncode != 0
