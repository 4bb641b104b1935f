"""The secret redactor (msp/redaction.py). Plain pytest, no database.

Every secret below is built at run time from repeated or random characters in the right
shape ("AKIA" + "A" * 16...), so that no real-looking secret literal sits in the repo and
secret scanners have nothing to flag. None of them is, or was, a real credential.
"""

from __future__ import annotations

import base64
import collections
import json
import random
import re
import string
import time

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from msp import redaction
from msp.redaction import contains_secret, is_secret_key, redact, redact_data

MARKER = re.compile(r"\[REDACTED:[a-z0-9_]+\]")


def pem(kind: str, body_lines: list[str], *, escaped: bool = False) -> str:
    """A private-key block; header words joined at run time."""
    label = (kind + " " if kind else "") + "PRIVATE" + " KEY"
    if kind == "PGP":
        label += " BLOCK"
    nl = "\\n" if escaped else "\n"
    return nl.join(
        ["-----" + "BEGIN " + label + "-----", *body_lines, "-----" + "END " + label + "-----"]
    )


BODY = ["MIIEv" + "Q" * 59, "A" * 64, "b" * 20 + "+/" + "c" * 40, "d" * 30 + "=="]
AWS_ID = "AKIA" + "A" * 16
AWS_SK = "wJalr" + "X" * 30 + "/K7MD"
PW = "Tr0ub4dor" + "3x!q"  # fake
JWT = "eyJ" + "hbGciOiJIUzI1NiJ9" + "." + "eyJ" + "zdWIiOiIxMjM0In0" + "." + "s" * 43
GH = "ghp_" + "a1" * 18
BASIC_CRED = base64.b64encode(b"svc_backup:" + PW.encode()).decode()
SAS_SIG = "Zm9v" * 10 + "YmE%3D"
ACCOUNT_KEY = "Q" * 86 + "=="

# (id, input, the secret part that must disappear, expected output or marker kind)
CASES = [
    (
        "pem_rsa",
        "key:\n" + pem("RSA", BODY) + "\ndone",
        BODY[0],
        "key:\n[REDACTED:private_key]\ndone",
    ),
    ("pem_ec", pem("EC", BODY), BODY[1], "[REDACTED:private_key]"),
    ("pem_openssh", pem("OPENSSH", BODY), BODY[2], "[REDACTED:private_key]"),
    ("pem_encrypted", pem("ENCRYPTED", BODY), BODY[3], "[REDACTED:private_key]"),
    ("pem_pgp", pem("PGP", BODY), BODY[0], "[REDACTED:private_key]"),
    ("pem_pkcs8", "x " + pem("", BODY) + " y", BODY[1], "x [REDACTED:private_key] y"),
    (
        "pem_truncated",
        "body: " + pem("RSA", BODY).rsplit("\n", 2)[0],
        BODY[2],
        "body: [REDACTED:private_key]",
    ),
    (
        "aws_access_key_id",
        f"export AWS_ACCESS_KEY_ID={AWS_ID}",
        AWS_ID,
        "export AWS_ACCESS_KEY_ID=[REDACTED:aws_access_key]",
    ),
    ("aws_sts_key_id", "ASIA" + "B2" * 8, "B2" * 8, "[REDACTED:aws_access_key]"),
    (
        "aws_secret_ini",
        f"aws_secret_access_key = {AWS_SK}",
        AWS_SK,
        "aws_secret_access_key = [REDACTED:aws_secret_key]",
    ),
    (
        "aws_secret_json",
        f'{{"SecretAccessKey": "{AWS_SK}"}}',
        AWS_SK,
        '{"SecretAccessKey": "[REDACTED:aws_secret_key]"}',
    ),
    (
        "gcp_service_account",
        '{"type": "service_account", "private_key": "'
        + pem("", BODY, escaped=True)
        + '\\n", "client_email": "x@p.iam.gserviceaccount.com"}',
        BODY[0],
        '{"type": "service_account", "private_key": "[REDACTED:private_key]\\n", '
        '"client_email": "x@p.iam.gserviceaccount.com"}',
    ),
    (
        "gcp_api_key",
        "https://maps.example.com/api?key=AIza" + "C" * 35,
        "C" * 35,
        "https://maps.example.com/api?key=[REDACTED:gcp_api_key]",
    ),
    (
        "azure_storage",
        "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey="
        + ACCOUNT_KEY
        + ";EndpointSuffix=core.windows.net",
        ACCOUNT_KEY[:40],
        "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=[REDACTED:azure_storage_key];"
        "EndpointSuffix=core.windows.net",
    ),
    (
        "azure_client_secret_pair",
        "AZURE_CLIENT_SECRET=n0t" + "S" * 20,
        "S" * 20,
        "AZURE_CLIENT_SECRET=[REDACTED:client_secret]",
    ),
    (
        "azure_client_secret_json",
        '{"client_secret": "' + "x" * 30 + '"}',
        "x" * 30,
        '{"client_secret": "[REDACTED:client_secret]"}',
    ),
    (
        "azure_client_secret_shape",
        "secret is abc8Q~" + "z" * 34,
        "z" * 34,
        "secret is [REDACTED:azure_client_secret]",
    ),
    (
        "sas_token",
        "https://acct.blob.core.windows.net/c/f?sv=2022-11-02&sp=r&sig=" + SAS_SIG,
        SAS_SIG,
        "https://acct.blob.core.windows.net/c/f?sv=2022-11-02&sp=r&sig=[REDACTED:sas_token]",
    ),
    ("github_ghp", f"token {GH} here", GH, "token [REDACTED:github_token] here"),
    ("github_gho", "gho_" + "b" * 36, "b" * 36, "[REDACTED:github_token]"),
    ("github_ghu", "ghu_" + "c" * 36, "c" * 36, "[REDACTED:github_token]"),
    ("github_ghs", "ghs_" + "d" * 36, "d" * 36, "[REDACTED:github_token]"),
    ("github_ghr", "ghr_" + "e" * 36, "e" * 36, "[REDACTED:github_token]"),
    ("github_pat", "github_pat_" + "F" * 22 + "_" + "g" * 59, "g" * 59, "[REDACTED:github_token]"),
    (
        "slack_bot",
        "xoxb-" + "1" * 12 + "-" + "2" * 12 + "-" + "h" * 24,
        "h" * 24,
        "[REDACTED:slack_token]",
    ),
    (
        "slack_user",
        "SLACK=xoxp-" + "3" * 12 + "-" + "i" * 24,
        "i" * 24,
        "SLACK=[REDACTED:slack_token]",
    ),
    (
        "slack_webhook",
        "https://hooks.slack.com/services/T" + "0" * 8 + "/B" + "1" * 8 + "/" + "j" * 24,
        "j" * 24,
        "https://hooks.slack.com/services/[REDACTED:slack_webhook]",
    ),
    (
        "stripe_live",
        'stripe.api_key = "sk_live_' + "k" * 24 + '"',
        "k" * 24,
        'stripe.api_key = "[REDACTED:stripe_key]"',
    ),
    ("stripe_restricted", "rk_live_" + "l" * 24, "l" * 24, "[REDACTED:stripe_key]"),
    ("stripe_test", "sk_test_" + "m" * 24, "m" * 24, "[REDACTED:stripe_key]"),
    ("jwt", f'{{"access": "{JWT}"}}', JWT[-20:], '{"access": "[REDACTED:jwt]"}'),
    (
        "bearer",
        "Authorization: Bearer " + "n" * 30 + "42",
        "n" * 30,
        "Authorization: Bearer [REDACTED:bearer_token]",
    ),
    (
        "bearer_json",
        '{"Authorization": "Bearer ' + "o" * 40 + '"}',
        "o" * 40,
        '{"Authorization": "Bearer [REDACTED:bearer_token]"}',
    ),
    (
        "bearer_alone",
        "sent Bearer " + "p" * 20 + "9 upstream",
        "p" * 20,
        "sent Bearer [REDACTED:bearer_token] upstream",
    ),
    (
        "basic",
        f"Authorization: Basic {BASIC_CRED}",
        BASIC_CRED,
        "Authorization: Basic [REDACTED:basic_auth]",
    ),
    (
        "basic_alone",
        f"curl -H 'X: Basic {BASIC_CRED}'",
        BASIC_CRED,
        "curl -H 'X: Basic [REDACTED:basic_auth]'",
    ),
    (
        "authorization_other",
        "Authorization: token " + "q" * 30,
        "q" * 30,
        "Authorization: token [REDACTED:authorization]",
    ),
    ("password_env", f"DB_PASSWORD={PW}", PW, "DB_PASSWORD=[REDACTED:password]"),
    ("password_kv", f"password={PW}", PW, "password=[REDACTED:password]"),
    ("password_colon", f"password: {PW}", PW, "password: [REDACTED:password]"),
    (
        "password_yaml_spaces",
        "db:\n  password: correct horse battery\n  host: db1",
        "correct horse",
        "db:\n  password: [REDACTED:password]\n  host: db1",
    ),
    (
        "password_json",
        f'{{"user": "bob", "password": "{PW}"}}',
        PW,
        '{"user": "bob", "password": "[REDACTED:password]"}',
    ),
    (
        "password_json_escaped",
        f'"{{\\"password\\": \\"{PW}\\"}}"',
        PW,
        '"{\\"password\\": \\"[REDACTED:password]\\"}"',
    ),
    (
        "password_python",
        f"connect(host='db', password='{PW}')",
        PW,
        "connect(host='db', password='[REDACTED:password]')",
    ),
    ("password_camel", f"dbPassword: {PW}", PW, "dbPassword: [REDACTED:password]"),
    ("password_glued", f"PGPASSWORD={PW} psql", PW, "PGPASSWORD=[REDACTED:password] psql"),
    (
        "passwd_query",
        f"/login?user=bob&passwd={PW}&next=/",
        PW,
        "/login?user=bob&passwd=[REDACTED:password]&next=/",
    ),
    (
        "password_prose",
        f"Reset done, temporary password={PW} for the kiosk.",
        PW,
        "Reset done, temporary password=[REDACTED:password] for the kiosk.",
    ),
    (
        "password_cli",
        f"mysqldump --password {PW} crm",
        PW,
        "mysqldump --password [REDACTED:password] crm",
    ),
    (
        "password_cli_eq",
        f"tool --db-password={PW} -v",
        PW,
        "tool --db-password=[REDACTED:password] -v",
    ),
    ("password_xml", f"<Password>{PW}</Password>", PW, "<Password>[REDACTED:password]</Password>"),
    (
        "password_powershell",
        f'ConvertTo-SecureString "{PW}" -AsPlainText',
        PW,
        'ConvertTo-SecureString "[REDACTED:password]" -AsPlainText',
    ),
    (
        "curl_user",
        f"curl -u admin:{PW} https://h",
        PW,
        "curl -u admin:[REDACTED:password] https://h",
    ),
    ("secret_yaml", "secret: " + "r" * 24, "r" * 24, "secret: [REDACTED:secret]"),
    ("api_key", "api_key=" + "s" * 24, "s" * 24, "api_key=[REDACTED:api_key]"),
    ("api_key_header", "X-Api-Key: " + "t" * 24, "t" * 24, "X-Api-Key: [REDACTED:api_key]"),
    ("apikey_json", '{"apiKey": "' + "u" * 24 + '"}', "u" * 24, '{"apiKey": "[REDACTED:api_key]"}'),
    ("token_pair", "token=" + "v" * 24, "v" * 24, "token=[REDACTED:token]"),
    (
        "refresh_token",
        '"refresh_token": "' + "w" * 24 + '"',
        "w" * 24,
        '"refresh_token": "[REDACTED:token]"',
    ),
    (
        "cookie",
        "Cookie: sessionid=" + "y" * 20 + "; csrftoken=" + "z" * 20,
        "z" * 20,
        "Cookie: [REDACTED:cookie]",
    ),
    (
        "url_postgres",
        f"postgres://user:{PW}@host/db",
        PW,
        "postgres://user:[REDACTED:url_password]@host/db",
    ),
    (
        "url_mysql",
        f"mysql://root:{PW}@10.0.0.5:3306/erp",
        PW,
        "mysql://root:[REDACTED:url_password]@10.0.0.5:3306/erp",
    ),
    (
        "url_mongodb_srv",
        f"mongodb+srv://svc:{PW}@cluster0.ab.mongodb.net/prod",
        PW,
        "mongodb+srv://svc:[REDACTED:url_password]@cluster0.ab.mongodb.net/prod",
    ),
    (
        "url_redis_no_user",
        f"redis://:{PW}@cache:6379/0",
        PW,
        "redis://:[REDACTED:url_password]@cache:6379/0",
    ),
    (
        "url_https",
        f"git clone https://x-access-token:{PW}@github.com/o/r.git",
        PW,
        "git clone https://x-access-token:[REDACTED:url_password]@github.com/o/r.git",
    ),
    (
        "url_at_in_password",
        "ftp://bob:p@ss" + "w0rd1@files.example.com/",
        "w0rd1",
        "ftp://bob:[REDACTED:url_password]@files.example.com/",
    ),
    (
        "sqlserver",
        f"Server=tcp:sql1,1433;Database=ERP;User ID=sa;Password={PW};Encrypt=1",
        PW,
        "Server=tcp:sql1,1433;Database=ERP;User ID=sa;Password=[REDACTED:password];Encrypt=1",
    ),
    (
        "odbc_pwd",
        f"Driver={{ODBC}};Uid=sa;Pwd={PW};",
        PW,
        "Driver={ODBC};Uid=sa;Pwd=[REDACTED:password];",
    ),
    (
        "anthropic",
        "ANTHROPIC_API_KEY=sk-ant-api03-" + "A1" * 20,
        "A1" * 20,
        "ANTHROPIC_API_KEY=[REDACTED:anthropic_api_key]",
    ),
    ("gitlab", "glpat-" + "B" * 20, "B" * 20, "[REDACTED:gitlab_token]"),
]


@pytest.mark.parametrize(
    ("text", "secret", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_every_kind_is_redacted_with_context_kept(text, secret, expected):
    out = redact(text)
    assert secret not in out
    assert out == expected
    assert contains_secret(text)


@pytest.mark.parametrize("text", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_redaction_is_idempotent(text):
    once = redact(text)
    assert redact(once) == once
    assert not contains_secret(once)


def test_markers_name_the_kind():
    out = redact(f"password={PW} {AWS_ID} {JWT}")
    assert MARKER.findall(out) == [
        "[REDACTED:password]",
        "[REDACTED:aws_access_key]",
        "[REDACTED:jwt]",
    ]
    out = redact(f"{AWS_ID} and {JWT} and {GH}")
    assert MARKER.findall(out) == [
        "[REDACTED:aws_access_key]",
        "[REDACTED:jwt]",
        "[REDACTED:github_token]",
    ]


NOT_SECRETS = [
    "The backup job finished late because the VPN tunnel dropped twice overnight.",
    "User called about a password reset; walked them through the portal.",
    "password",
    "Password",
    "the password is in the vault",
    "password=",
    "password= ",
    "password=\nuser=bob",
    'password: ""',
    '{"password": "", "password_set": true, "must_change_password": false}',
    '{"password": null}',
    "path('reset/', password_reset_view, name='password_reset'),",
    "def authenticate(self, request, username: str, password: str) -> User | None:",
    "    password: str | None = None",
    "    password = forms.CharField(widget=forms.PasswordInput)",
    "if not user.check_password(password):",
    "    api_key = os.environ['MSP_API_KEY']",
    "password=password",
    "password=${DB_PASSWORD}",
    "password: {{ vault_db_password }}",
    'password: "<your password>"',
    "password=********",
    "550e8400-e29b-41d4-a716-446655440000",
    "commit 3f786850e387550fdab836ed7e6dc881de23001b",
    "sha256:" + "ab12" * 16,
    "/usr/local/lib/python3.11/site-packages/django/contrib/auth/views.py",
    r"C:\Users\tech1\AppData\Local\Temp\setup.log",
    "ping 10.0.42.17 and 192.168.1.1",
    "inet6 fe80::1ff:fe23:4567:890a/64 scope link; 2001:db8::8a2e:370:7334",
    "srv01.contoso.local fw02.client-a.example.com",
    "tech1@example.com",
    "git@github.com:msp/tools.git",
    "https://medium.com/@someone/post",
    "https://registry.example.com:8443/@scope/pkg",
    "https://example.com/path?page=2&sort=name",
    '{"token_type": "Bearer", "expires_in": 600, "max_tokens": 1024}',
    "Basic authentication is disabled; Bearer tokens are used instead.",
    "PWD=/home/tech1\nOLDPWD=/tmp",
    "psql --no-password -h db01 crm",
    "docker run -u 1000:1000 image",
    "git push -u origin main",
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + "x" * 43 + " tech1@laptop",
    "bypass=true monkey=banana passive=1",
    "secret santa is on friday; the secret_name field is optional",
    "is_secret: true",
    "tokens: 1532, key: value, keyboard: us",
    "Set-Cookie",
    "",
]


@pytest.mark.parametrize("text", NOT_SECRETS)
def test_non_secrets_are_untouched(text):
    assert redact(text) is text
    assert not contains_secret(text)


def test_clean_text_is_returned_as_the_same_object():
    text = "Replaced the PSU in srv01. " * 500
    assert redact(text) is text


def test_unicode_is_preserved_and_indices_stay_aligned():
    # U+0130 becomes two characters in str.lower(); emoji are 4-byte in UTF-8.
    fraktur = "\U0001d518\U0001d52b\U0001d526\U0001d520\U0001d52c\U0001d521\U0001d522"
    head = "\u0130stanbul \U0001f389 " * 3
    text = head + f"password={PW} \U0001f511 {fraktur} done"
    out = redact(text)
    assert out == head + f"password=[REDACTED:password] \U0001f511 {fraktur} done"
    assert redact("\U0001f389" * 10) == "\U0001f389" * 10
    emoji_pw = "\U0001f511pa\u00dfw\u00f6rt\U0001f511"
    assert redact(f"password={emoji_pw} ok") == "password=[REDACTED:password] ok"


def test_lone_surrogates_and_control_characters_do_not_break_it():
    text = "\ud800 password=" + PW + " \x00\x1b[0m \udfff"
    out = redact(text)
    assert PW not in out and "\ud800" in out and "\udfff" in out


def test_huge_and_pathological_inputs_finish():
    cases = [
        "a" * 3_000_000,
        "://" * 200_000,
        pem("", ["x" * 10]).split("\n")[0] + "\n" + ("BEGIN " + "PRIVATE KEY-----") * 20_000,
        ("-----BEGIN " + 'PRIVATE KEY-----"') * 20_000,
        "password=" * 100_000,
        '"password": "' * 50_000,
        "Bearer " * 100_000,
        "eyJ" * 200_000,
        "AKIA" * 200_000,
        ("x" * 1000 + "@") * 1000,
        "https://u:" + "p" * 500_000 + "@h",
    ]
    for text in cases:
        start = time.perf_counter()
        out = redact(text)
        assert isinstance(out, str)
        assert time.perf_counter() - start < 20, text[:40]


def test_secret_in_the_middle_of_a_large_blob():
    filler = "srv01 backup ok 10.0.0.1 550e8400-e29b-41d4-a716-446655440000\n" * 20_000
    text = filler + f"AWS_ACCESS_KEY_ID={AWS_ID}\n" + filler
    out = redact(text)
    assert AWS_ID not in out
    assert len(out) == len(text) - len(AWS_ID) + len("[REDACTED:aws_access_key]")


def test_never_raises_and_fails_closed_on_a_bug(monkeypatch):
    rule = next(r for r in redaction._RULES if r.name == "aws_access_key")

    def broken(m, text):
        raise RuntimeError("bug")

    monkeypatch.setattr(rule, "handler", broken)
    assert redact(f"id {AWS_ID}") == "[REDACTED:unscannable]"
    assert redact("nothing here") == "nothing here"


# --- redact_data -------------------------------------------------------------------------


def test_redact_data_walks_nested_structures():
    Pair = collections.namedtuple("Pair", "name value")
    data = {
        "user": "bob",
        "Password": PW,
        "DB_PASSWORD": PW,
        "client-secret": "x" * 30,
        "apiKey": 12345678,
        "X-Api-Key": "y" * 20,
        "Authorization": "Bearer " + "z" * 30,
        "Cookie": "sessionid=" + "c" * 20,
        "connection_string": "Server=db;User ID=sa;Password=" + PW,
        "refresh_token": JWT,
        "has_password": False,
        "password_changed_at": "2024-05-01",
        "secret": None,
        "token": "",
        "items": [
            {"note": f"use password={PW} once", "id": "550e8400-e29b-41d4-a716-446655440000"},
            (f"key {AWS_ID}", 7, None, True),
            Pair("dsn", f"postgres://app:{PW}@db/crm"),
        ],
        "credentials": {"password": ["a" * 10, {"deep": "b" * 10}]},
        "private_key": {"pem": pem("RSA", BODY)},
        3: "not a str key",
    }
    out = redact_data(data)
    assert out["user"] == "bob"
    assert out["Password"] == out["DB_PASSWORD"] == "[REDACTED:password]"
    assert out["client-secret"] == "[REDACTED:client_secret]"
    assert out["apiKey"] == "[REDACTED:api_key]"
    assert out["X-Api-Key"] == "[REDACTED:api_key]"
    assert out["Authorization"] == "Bearer [REDACTED:bearer_token]"
    assert out["Cookie"] == "[REDACTED:cookie]"
    assert out["connection_string"] == "[REDACTED:connection_string]"
    assert out["refresh_token"] == "[REDACTED:token]"
    assert out["has_password"] is False
    assert out["password_changed_at"] == "2024-05-01"
    assert out["secret"] is None and out["token"] == ""
    assert out["items"][0] == {
        "note": "use password=[REDACTED:password] once",
        "id": "550e8400-e29b-41d4-a716-446655440000",
    }
    assert out["items"][1] == ("key [REDACTED:aws_access_key]", 7, None, True)
    assert isinstance(out["items"][2], Pair)
    assert out["items"][2].value == "postgres://app:[REDACTED:url_password]@db/crm"
    assert out["credentials"] == {
        "password": ["[REDACTED:password]", {"deep": "[REDACTED:password]"}]
    }
    assert out["private_key"] == {"pem": "[REDACTED:private_key]"}
    assert out[3] == "not a str key"
    # The input is not modified, and a second pass changes nothing.
    assert data["Password"] == PW and data["items"][0]["note"].endswith("once")
    assert redact_data(out) == out
    assert PW not in repr(out) and AWS_ID not in repr(out)


def test_redact_data_scalars_bytes_and_sets():
    assert redact_data(f"password={PW}") == "password=[REDACTED:password]"
    assert redact_data(42) == 42 and redact_data(None) is None
    assert redact_data(f"id {AWS_ID}".encode()) == b"id [REDACTED:aws_access_key]"
    assert redact_data(b"\xff\xfe plain") == b"\xff\xfe plain"
    assert redact_data({AWS_ID, "ok"}) == {"[REDACTED:aws_access_key]", "ok"}
    assert redact({"password": PW}) == {"password": "[REDACTED:password]"}


def test_redact_data_depth_limit_and_cycles():
    deep: list = []
    node = deep
    for _ in range(5000):
        node.append([])
        node = node[0]
    node.append(f"password={PW}")
    assert PW not in repr(redact_data(deep)[0][0][0])  # no RecursionError
    cyclic: dict = {"a": 1}
    cyclic["self"] = cyclic
    out = redact_data(cyclic)
    assert out["a"] == 1


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("password", True),
        ("PASSWORD", True),
        ("db_password", True),
        ("dbPassword", True),
        ("passwd", True),
        ("pwd", True),
        ("secret", True),
        ("client_secret", True),
        ("clientSecret", True),
        ("api_key", True),
        ("api-key", True),
        ("apikey", True),
        ("X-API-Key", True),
        ("token", True),
        ("access_token", True),
        ("refresh_token", True),
        ("private_key", True),
        ("connection_string", True),
        ("ConnectionString", True),
        ("authorization", True),
        ("Proxy-Authorization", True),
        ("cookie", True),
        ("Set-Cookie", True),
        ("aws_secret_access_key", True),
        ("AccountKey", True),
        ("password_reset_view", False),
        ("has_password_field", False),
        ("token_type", False),
        ("max_tokens", False),
        ("secret_name", False),
        ("key", False),
        ("monkey", False),
        ("bypass", False),
        ("pass", False),
        ("sig", False),
        ("session_id", False),
        ("access_key_id", False),
    ],
)
def test_is_secret_key(name, secret):
    assert is_secret_key(name) is secret


# --- properties --------------------------------------------------------------------------

SAFE = string.ascii_letters + string.digits
PW_ALPHABET = SAFE + "!#%^*-_+.~"


def _core(alphabet: str, min_size: int, max_size: int):
    return st.text(alphabet=alphabet, min_size=min_size, max_size=max_size)


@st.composite
def planted(draw):
    """(text containing one secret, the random part that must not survive)."""
    kind = draw(
        st.sampled_from(
            [
                "aws",
                "github",
                "slack",
                "stripe",
                "jwt",
                "gcp",
                "bearer",
                "password",
                "json_pw",
                "url",
                "pem",
                "conn",
                "sas",
                "azure_key",
                "prose",
                "mysql",
                "sshpass",
            ]
        )
    )
    up = string.ascii_uppercase + string.digits
    if kind == "aws":
        core = draw(_core(up, 16, 16))
        return "AKIA" + core, core
    if kind == "github":
        core = draw(_core(SAFE, 36, 36))
        return draw(st.sampled_from(["ghp_", "gho_", "ghs_"])) + core, core
    if kind == "slack":
        core = draw(_core(SAFE, 24, 30))
        return "xoxb-1234567890-" + core, core
    if kind == "stripe":
        core = draw(_core(SAFE, 24, 30))
        return "sk_live_" + core, core
    if kind == "jwt":
        core = draw(_core(SAFE + "-_", 16, 40))
        return "eyJ" + "hbGciOiJIUzI1NiJ9." + "eyJ" + "zdWIiOiIxIn0." + core, core
    if kind == "gcp":
        core = draw(_core(SAFE + "-_", 35, 35))
        return "AIza" + core, core
    if kind == "bearer":
        core = draw(_core(SAFE, 20, 40)) + "7"
        return "Authorization: Bearer " + core, core
    first = draw(st.sampled_from(string.ascii_letters))
    pw = first + draw(_core(PW_ALPHABET, 9, 20))
    if kind == "password":
        return draw(st.sampled_from(["password=", "DB_PASSWORD=", "secret: ", "api_key="])) + pw, pw
    if kind == "json_pw":
        return '{"password": "' + pw + '"}', pw
    if kind == "url":
        url_pw = first + draw(_core(SAFE + "-_.~!*", 9, 20))
        return f"postgres://app:{url_pw}@db.example.com:5432/crm", url_pw
    if kind == "pem":
        body = [draw(_core(SAFE + "+/", 64, 64)) for _ in range(3)]
        return pem("RSA", body), body[1]
    if kind == "conn":
        return f"Server=db;User ID=sa;Password={pw};", pw
    if kind == "prose":
        return f"the admin password is {pw}7", pw
    if kind == "mysql":
        return f"mysqldump -uroot -p{pw} --all-databases", pw
    if kind == "sshpass":
        return f"sshpass -p '{pw}' ssh admin@host", pw
    if kind == "sas":
        core = draw(_core(SAFE, 40, 44))
        return f"?sv=2022-11-02&sig={core}", core
    core = draw(_core(SAFE + "+/", 86, 86))
    return f"AccountName=a;AccountKey={core}==;", core


def test_json_bodies_stay_valid_json_and_escapes_are_boundaries():
    log = f"$ export X=1\n{GH}\npwd={PW}\nsecret_key={PW}\n\u00e9token={PW}\nend"
    for ascii_ in (True, False):
        body = json.dumps({"log": log, "password": PW, "n": 3}, ensure_ascii=ascii_)
        out = redact(body)
        assert GH not in out and PW not in out
        parsed = json.loads(out)
        assert parsed["password"] == "[REDACTED:password]" and parsed["n"] == 3
        assert parsed["log"] == (
            "$ export X=1\n[REDACTED:github_token]\npwd=[REDACTED:password]"
            "\nsecret_key=[REDACTED:secret_key]"
            "\n\u00e9token=[REDACTED:token]\nend"
        )
    # An escaped backslash followed by "n" is not a newline: the token stays glued.
    glued = json.dumps({"x": "a\\n" + AWS_ID})
    assert redact(glued) is glued


FRAGMENTS = [
    "password",
    "Password",
    "PASSWORD",
    "passwd",
    "pwd",
    "secret",
    "client_secret",
    "token",
    "api_key",
    "apiKey",
    "cookie",
    "sig",
    "Authorization",
    "Bearer",
    "Basic",
    "--password",
    "-u",
    "=",
    ":",
    ": ",
    " = ",
    "=>",
    '"',
    "'",
    '\\"',
    " ",
    "\n",
    "\t",
    ";",
    "&",
    ",",
    "://",
    "postgres://",
    "u:",
    "@",
    "host",
    "/",
    "?",
    "[REDACTED:password]",
    "[REDACTED:",
    "]",
    "{",
    "}",
    "(",
    ")",
    "$X",
    "None",
    "true",
    "eyJhbGciOi",
    "eyJ",
    ".",
    "AKIA",
    "A" * 16,
    "ghp_",
    "x" * 36,
    "sk_live_",
    "Zm9vYmFy" * 3,
    "dXNlcjpwdw==",
    "-----",
    "BEGIN ",
    "END ",
    "PRIVATE KEY",
    "-----\n",
    "hunter2",
    "Q~",
    "abc8",
    "<Password>",
    "</Password>",
    "ConvertTo-SecureString ",
    "AccountKey",
    "Server=x;",
]


# Derandomized: the same 300 examples per property on every run, so a suite is repeatable
# (a random run once found a command-line secret left in a JSON string that no rerun
# reproduced; docs/redaction.md lists it as a known gap). Explore with
# `--hypothesis-seed=<n>` or by dropping derandomize locally.
_PROPERTY = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


@_PROPERTY
@given(st.text())
def test_redact_never_raises(text):
    # redact() fails closed on an internal error; the rules themselves must not raise.
    redaction._redact_pass(text)
    out = redact(text)
    assert isinstance(out, str) and out != "[REDACTED:unscannable]"
    assert redact(out) == out


@_PROPERTY
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=60))
def test_rules_never_raise_on_secret_shaped_noise(parts):
    text = "".join(parts)
    redaction._redact_pass(text)
    assert redact(text) != "[REDACTED:unscannable]"


# A planted secret between random text: plain, and inside a JSON string (also explored
# unseeded by bench/redaction_fuzz.py).
PLANTED_IN_TEXT = {
    "prefix": st.text(max_size=60),
    "secret": planted(),
    "suffix": st.text(max_size=60),
    "left": st.sampled_from([" ", "\n", "\t", ", ", "\n\n"]),
    "right": st.sampled_from([" ", "\n", "\r\n", " | "]),
}
PLANTED_IN_JSON = {
    "prefix": st.text(max_size=40),
    "secret": planted(),
    "suffix": st.text(max_size=40),
    "left": st.sampled_from([" ", "\n", "\t", ", "]),
    "right": st.sampled_from([" ", "\n", " | "]),
    "ensure_ascii": st.booleans(),
}


@_PROPERTY
@given(**PLANTED_IN_TEXT)
def test_a_planted_secret_never_survives(prefix, secret, suffix, left, right):
    text, core = secret
    assume(core not in prefix + left and core not in right + suffix)
    out = redact(prefix + left + text + right + suffix)
    assert core not in out
    assert redact(out) == out


@_PROPERTY
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=40))
def test_redaction_is_idempotent_on_secret_shaped_noise(parts):
    text = "".join(parts)
    once = redact(text)
    assert redact(once) == once


@_PROPERTY
@given(**PLANTED_IN_JSON)
def test_a_secret_inside_a_json_string_is_redacted_and_the_json_stays_valid(
    prefix, secret, suffix, left, right, ensure_ascii
):
    text, core = secret
    body = json.dumps(
        {"note": prefix + left + text + right + suffix, "id": 1}, ensure_ascii=ensure_ascii
    )
    # JSON escapes can spell the core elsewhere ("\\n" + "000" for core "n000").
    assume(core not in body.replace(json.dumps(text, ensure_ascii=ensure_ascii)[1:-1], " "))
    out = redact(body)
    assert core not in out
    assert json.loads(out)["id"] == 1


@pytest.mark.parametrize(
    "text",
    [
        '{"name": "db", "connection_string": "%s"}',
        "{'connString': '%s'}",
        '"{\\"conn_str\\": \\"%s\\"}"',
    ],
)
def test_quoted_connection_string_value_is_hidden_whole(text):
    opaque = "opaque-" + "q7" * 12
    out = redact(text % opaque)
    assert opaque not in out
    assert "[REDACTED:connection_string]" in out


def test_connection_string_in_prose_keeps_its_hosts():
    text = "connection string: Server=db1.corp.local;Database=erp"
    assert redact(text) == text


# --- secrets in plain language and on command lines --------------------------------------

PROSE_PW = "Hunt" + "er2-Qx9!vz"  # fake, assembled


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"the password is {PROSE_PW}", "the password is [REDACTED:password]"),
        ("mysql -uroot -p" + "S3cr3t" + "Pass77", "mysql -uroot -p[REDACTED:password]"),
        (
            "sshpass -p '" + "W1nter!" + "2026x' ssh admin@10.0.0.5",
            "sshpass -p '[REDACTED:password]' ssh admin@10.0.0.5",
        ),
        (
            "net user svc_backup " + "Bl4ckb0x" + "#44 /add",
            "net user svc_backup [REDACTED:password] /add",
        ),
        (f"Password: {PROSE_PW}", "Password: [REDACTED:password]"),
        (f"old password: {PROSE_PW}\nVPN needed", "old password: [REDACTED:password]\nVPN needed"),
        (
            f"changed the password to {PROSE_PW} for jdoe",
            "changed the password to [REDACTED:password] for jdoe",
        ),
        (f"the pasword is {PROSE_PW}", "the pasword is [REDACTED:password]"),
        (f"pw: {PROSE_PW}", "pw: [REDACTED:password]"),
        ("the PIN for the alarm is 4821", "the PIN for the alarm is [REDACTED:password]"),
        (
            "echo '" + PROSE_PW + "' | sudo -S apt update",
            "echo '[REDACTED:password]' | sudo -S apt update",
        ),
        (
            "Set-ADAccountPassword jdoe -Reset -NewPassword (ConvertTo-SecureString -AsPlainText '"
            + PROSE_PW
            + "' -Force)",
            "Set-ADAccountPassword jdoe -Reset -NewPassword (ConvertTo-SecureString -AsPlainText "
            "'[REDACTED:password]' -Force)",
        ),
        (
            json.dumps({"command": "mysql -h db -uroot -p" + "S3cr3t" + "Pass77 crm"}),
            json.dumps({"command": "mysql -h db -uroot -p[REDACTED:password] crm"}),
        ),
    ],
)
def test_plain_language_and_command_line_secrets(text, expected):
    assert redact(text) == expected
    assert redact(expected) == expected


@pytest.mark.parametrize(
    "text",
    [
        "mysql -u root -p crm",
        "mysqldump -h db -P 3306 -u backup -p crm > crm.sql",
        "mkdir -p /var/backups && git push -u origin main",
        "ssh -p 2222 admin@host",
        "net user jdoe * /add",
        "net user jdoe /delete",
        "echo $PATH | sudo -S tee /etc/environment",
        "New-LocalUser -Name kiosk -Password $secure",
        "the password is in the vault",
        "password policy is 14 characters",
        "sent the password to jdoe2 by SMS",
        "the key is 2048 bits",
        "psexec \\\\nas01 -s cmd",
    ],
)
def test_talk_about_passwords_is_untouched(text):
    assert redact(text) is text


def test_the_plain_language_corpus():
    from msp.testing.plain_secrets import clean_records, planted_records

    planted = planted_records(random.Random(1), per_template=3)
    clean = clean_records(random.Random(2), per_template=3)
    assert len(planted) >= 150 and len(set(clean)) >= 400
    for kind, text, secret in planted:
        out = redact(text)
        assert secret not in out, (kind, out)
        assert redact(out) == out
        if text.startswith("{"):
            json.loads(out)
    changed = [t for t in clean if redact(t) is not t]
    assert changed == []


def test_command_line_and_prose_rules_stay_linear_on_hostile_input():
    cases = [
        "-p" * 200_000,
        "mysql -uroot -pX1 " * 50_000,
        "echo x | sudo -S " * 50_000,
        "net user a b " * 100_000,
        "ConvertTo-SecureString " * 50_000,
        "-password " * 50_000,
        "htpasswd -b " * 60_000,
        "the password is Val1! " * 50_000,
        "mysql " + "a " * 100_000 + "-p" * 1000,
    ]
    for text in cases:
        start = time.process_time()
        out = redact(text)
        assert isinstance(out, str) and out != "[REDACTED:unscannable]"
        assert time.process_time() - start < 20, text[:40]


# Found by unseeded runs of the two properties above (30,000 examples each after the fix,
# none left): a command behind a long run of escaped non-ASCII text in a JSON string, and
# a password that starts with an adverb the prose rule knows ("is NoW~...").
@pytest.mark.parametrize("ensure_ascii", [True, False])
@pytest.mark.parametrize(
    "command",
    [
        "mysqldump -uroot -pu000000000x --all-databases",
        "sshpass -p 'u000000000x' ssh admin@host",
    ],
)
def test_a_command_after_a_long_escaped_word_in_a_json_string(command, ensure_ascii):
    prefix = "\U00063e81\U0004b2e0\u00f3\x1d\U000a687bQ\x15\U000abc7e[\x85\U0001aa7b"
    body = json.dumps({"note": prefix + "\n" + command + " ", "id": 1}, ensure_ascii=ensure_ascii)
    out = redact(body)
    assert "u000000000x" not in out
    assert json.loads(out)["id"] == 1


def test_a_long_word_without_a_line_break_names_no_command():
    # 96 characters and more of one word: the walk back stops there, as before.
    text = "x" * 120 + "mysqldump -pnotapasswordvalue"
    assert redact(text) == text


@pytest.mark.parametrize("value", ["NoW~UN6B!NsFv+Tst6G-27", "NoWUN6B!x", "Still9#x", "tox9!Yz4"])
def test_a_password_that_starts_like_an_adverb_is_hidden_whole(value):
    out = redact(f"the admin password is {value}")
    assert out == "the admin password is [REDACTED:password]"
