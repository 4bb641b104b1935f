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


def strong() -> str:
    return secrets.token_urlsafe(50)


def production_env(**keys):
    env = {
        "MSP_ENV": "production",
        "DJANGO_SECRET_KEY": strong(),
        "MSP_JWT_SIGNING_KEY": strong(),
        "MSP_AUDIT_HMAC_KEY": strong(),
        "DJANGO_ALLOWED_HOSTS": "msp.example.com",
    }
    env.update(keys)
    return env


@pytest.mark.parametrize("command", [("check", "--deploy"), ("check",), ("migrate", "--check")])
def test_production_refuses_weak_keys_in_one_line(tmp_path, command):
    weak = {"MSP_JWT_SIGNING_KEY": "a", "MSP_AUDIT_HMAC_KEY": "b" * 40}
    result = run_manage(*command, tmp_path=tmp_path, env_extra=production_env(**weak))
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "MSP_JWT_SIGNING_KEY is shorter than 32 characters" in result.stderr
    assert "MSP_AUDIT_HMAC_KEY has fewer than 10 distinct characters" in result.stderr
    assert "DJANGO_SECRET_KEY" not in result.stderr
    assert "b" * 40 not in result.stderr


def test_production_wsgi_application_refuses_weak_keys(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MSP_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(production_env(DJANGO_SECRET_KEY="ab" * 20 + "cdefghijkl"))
    env["MSP_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", "import msp.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY has less than 128 bits of estimated entropy" in result.stderr


def test_check_deploy_flags_weak_keys_outside_production_too(tmp_path):
    result = run_manage(
        "check", "--deploy", tmp_path=tmp_path, env_extra={"MSP_AUDIT_HMAC_KEY": "changeme"}
    )
    assert result.returncode != 0
    assert "(msp.E001) MSP_AUDIT_HMAC_KEY is shorter than 32 characters." in result.stderr
    assert "changeme" not in result.stderr


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda: "", "shorter"),
        (lambda: "a" * 31, "shorter"),
        (lambda: "abc" * 12, "distinct"),
        (lambda: ("0123456789" * 4)[:32], "entropy"),
        (lambda: "0123456789abcdef" + "0" * 16, "entropy"),
        (lambda: secrets.token_hex(32), None),
        (lambda: secrets.token_urlsafe(50), None),
    ],
    ids=["empty", "short", "few-symbols", "repeated", "skewed-hex", "hex-32-bytes", "urlsafe-50"],
)
def test_key_strength_rules(make, problem):
    from msp.key_strength import key_problem

    found = key_problem(make())
    assert (found is None) if problem is None else (problem in found), found
