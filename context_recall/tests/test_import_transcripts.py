"""``manage.py import_transcripts``: a ~/.claude/projects tree built from the fixture
transcript, with broken files among the good ones."""

from __future__ import annotations

import io
import re
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from context_recall.models import ConversationContext
from msp.testing.factories import TechnicianFactory
from tracking.models import WorkSession
from tracking.testing.factories import MachineFactory, ProjectFactory, ProjectPathFactory

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "claude_code" / "transcript-example.jsonl"
SESSION_A = "7f3c2a10-5b1e-4c7a-9d2e-0b8e4f6a1c33"
SESSION_B = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"
SESSION_C = "11111111-2222-4333-8444-555555555555"
CWD_A = "/home/tech/src/acme-firewall"
CWD_B = "/home/tech/src/beta-portal"
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def write_transcript(path: Path, session_id: str, cwd: str | None) -> Path:
    # Another office per session: distinct sessions have distinct content.
    office = {SESSION_A: "Phoenix", SESSION_B: "Tucson", SESSION_C: "Denver"}[session_id]
    text = FIXTURE.read_text().replace(SESSION_A, session_id).replace("Phoenix", office)
    # Entries of their own, as in distinct sessions (entries copied under the same uuids
    # are what a forked session starts with).
    text = _UUID.sub(
        lambda m: (
            m[0] if m[0] == session_id else str(uuid.uuid5(uuid.NAMESPACE_URL, session_id + m[0]))
        ),
        text,
    )
    drop_cwd = (f'"cwd": "{CWD_A}", ', "")
    text = text.replace(*drop_cwd) if cwd is None else text.replace(CWD_A, cwd)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "projects"
    write_transcript(root / "-home-tech-src-acme-firewall" / f"{SESSION_A}.jsonl", SESSION_A, CWD_A)
    write_transcript(root / "-home-tech-src-beta-portal" / f"{SESSION_B}.jsonl", SESSION_B, CWD_B)
    # No cwd in the entries: the folder name says where it ran.
    write_transcript(root / "-home-tech-src-acme-firewall" / f"{SESSION_C}.jsonl", SESSION_C, None)
    (root / "-home-tech-src-broken").mkdir()
    (root / "-home-tech-src-broken" / "garbage.jsonl").write_bytes(b"\xff\xfe\x00 binary \x81")
    (root / "-home-tech-src-broken" / "empty.jsonl").write_text("")
    (root / "-home-tech-src-broken" / "truncated.jsonl").write_text('{"type": "user", "mess')
    return root


@pytest.fixture
def setup_data():
    tech = TechnicianFactory(username="tech")
    machine = MachineFactory(owner=tech, hostname="tech-laptop", fingerprint="c" * 64)
    acme = ProjectFactory(slug="acme-firewall")
    ProjectPathFactory(project=acme, machine=machine, path=CWD_A)
    return tech, machine, acme


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_transcripts", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_imports_a_tree_skips_broken_files_and_is_idempotent(tree, setup_data):
    tech, machine, acme = setup_data
    out, err = run(str(tree), "--user", "tech", "--hostname", "tech-laptop")
    assert "6 file(s): 3 imported" in out
    assert "3 unreadable" in out
    for name in ("garbage.jsonl", "empty.jsonl", "truncated.jsonl"):
        assert name in err
    contexts = {c.claude_session_id: c for c in ConversationContext.objects.all()}
    assert set(contexts) == {SESSION_A, SESSION_B, SESSION_C}
    assert contexts[SESSION_A].project == acme  # from the entries' cwd (a known path)
    assert contexts[SESSION_C].project == acme  # from the folder name
    # No project knows that folder: one of its own, in the technician's "Unsorted" client.
    assert contexts[SESSION_B].project.name == "beta-portal"
    assert contexts[SESSION_B].project.client.name == "Unsorted (tech)"
    assert f"{SESSION_A}.jsonl: imported -> acme-firewall" in out
    assert all(c.machine == machine for c in contexts.values())
    assert "imported" in set(contexts[SESSION_A].tags.names())
    session = WorkSession.objects.get(claude_session_id=SESSION_A)
    assert (session.technician, session.status, session.project) == (tech, "completed", acme)
    assert session.started_at.isoformat().startswith("2026-11-20T14:00")
    assert session.ended_at >= session.started_at

    out, _ = run(str(tree), "--user", "tech", "--machine", "c" * 64)
    assert "0 imported" in out and "0 merged" in out and "3 unchanged" in out
    assert ConversationContext.objects.count() == 3
    assert WorkSession.objects.count() == 3


def test_one_file_into_an_explicit_project(tree, setup_data):
    other = ProjectFactory(slug="beta-portal")
    path = tree / "-home-tech-src-beta-portal" / f"{SESSION_B}.jsonl"
    out, _ = run(str(path), "--user", "tech", "--project", "beta-portal")
    assert "1 file(s): 1 imported" in out
    context = ConversationContext.objects.get()
    assert context.project == other and context.machine is None


def test_bad_arguments_are_refused(tree, setup_data):
    with pytest.raises(CommandError):
        run(str(tree), "--user", "nobody")
    with pytest.raises(CommandError):
        run(str(tree / "missing"), "--user", "tech")
    with pytest.raises(CommandError):
        run(str(tree), "--user", "tech", "--project", "no-such-project")
    with pytest.raises(CommandError):
        run(str(tree), "--user", "tech", "--machine", "unknown")
    assert not ConversationContext.objects.exists()
