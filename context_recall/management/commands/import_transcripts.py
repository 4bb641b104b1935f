"""``manage.py import_transcripts PATH --user USERNAME``: past Claude Code sessions into
context recall, one compressed context per session file.

PATH is a ``~/.claude/projects`` tree (one folder per project, one ``<session>.jsonl``
per session), one such folder, or one file. Each session is saved like a hook save
(``context_recall.services.hooks``): same compression, redaction and de-duplication, and a
WorkSession keyed by its Claude session id. Its project is resolved like the hooks do:
the git remote and top-level folder of the transcript's ``cwd`` when that folder exists
here, then the paths the server knows for the machine, then the transcript folder's
name, else a project of its own for that repository (under the user's "Unsorted"
client). Each file's line says where its session went.

A session keeps one memory: a transcript of a session the hooks already saved merges
into that session's context (the whole file covers the hook saves within it), and
rerunning an import changes nothing. Unreadable, empty and corrupt files are skipped and
listed at the end.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from context_recall import search
from context_recall.claude_code import client as hook_client
from context_recall.compression import parse_jsonl
from context_recall.models import ClaudeSession, ConversationContext
from context_recall.services import hooks
from msp.scoping import can_see
from tracking.models import Machine, Project, ProjectPath

# Real transcripts run to megabytes; anything far beyond is not a transcript.
MAX_FILE_BYTES = 256 * 1024 * 1024
IMPORT_TAGS = (hooks.HOOK_TAG, "imported")


def transcript_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*.jsonl") if p.is_file())


def read_entries(path: Path) -> tuple[list[dict[str, Any]], int]:
    """Entries of one transcript and its size in bytes; OSError/ValueError when it cannot
    be used."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValueError(f"larger than {MAX_FILE_BYTES} bytes")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError("not UTF-8 text") from exc
    entries = parse_jsonl(text)
    lines = sum(1 for line in text.splitlines() if line.strip())
    if not entries:
        raise ValueError("no JSON lines" if lines else "empty")
    return entries, len(raw)


def first_value(entries: list[dict[str, Any]], key: str) -> str:
    for entry in entries:
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def git_facts(cwd: str) -> tuple[str, str]:
    """(remote, toplevel) of the repository at ``cwd`` on this machine, as the hook client
    reads them; ("", "") when the folder is not here or not a repository."""
    if not cwd or not Path(cwd).is_dir():
        return "", ""
    answer = hook_client._run_git(cwd, timeout=5.0)
    if not answer:
        return "", ""
    toplevel, remote = answer
    return hook_client.clean_remote(remote), toplevel


def project_by_folder(machine: Machine | None, folder: str) -> Project | None:
    """Claude Code names a project folder after its cwd with every "/" (and ".") turned
    into "-": match it against the machine's known paths, then project slugs."""
    if machine is not None:
        for row in ProjectPath.objects.filter(machine=machine).select_related("project"):
            encoded = row.path.replace("\\", "-").replace("/", "-").replace(".", "-")
            if encoded == folder or encoded.replace(":", "-") == folder:
                return row.project
    tail = folder.rsplit("-", 1)[-1] if folder else ""
    return Project.objects.filter(slug=folder).first() or (
        Project.objects.filter(slug=tail).first() if tail else None
    )


class Command(BaseCommand):
    help = "Import Claude Code transcripts (a ~/.claude/projects tree, a folder or a file)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="~/.claude/projects, one project folder, or one file")
        parser.add_argument("--user", required=True, help="the technician (username)")
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--machine", help="the machine's fingerprint (default: no machine recorded)"
        )
        group.add_argument(
            "--hostname",
            help="the machine's hostname, must be unambiguous (default: no machine recorded)",
        )
        parser.add_argument(
            "--project",
            help="put every session in this project, slug or id "
            "(default: each session's project, resolved from its folder)",
        )

    def handle(self, *args, **options):
        root = Path(options["path"]).expanduser()
        if not root.exists():
            raise CommandError(f"{root} does not exist.")
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user {options['user']!r}.")
        machine = self._machine(user, options.get("machine"), options.get("hostname"))
        explicit = None
        if options.get("project"):
            explicit = hooks.explicit_project(options["project"])
            if explicit is None:
                raise CommandError(f"No project {options['project']!r}.")
        caller = hooks.Caller(user=user, machine=machine)
        files = transcript_files(root)
        counts = {"imported": 0, "merged": 0, "unchanged": 0, "empty": 0, "hidden": 0}
        problems: list[tuple[Path, str]] = []
        progress = tqdm(files, unit="file", disable=None, file=self.stderr._out)
        for path in progress:
            progress.set_postfix_str(path.name[:30], refresh=False)
            try:
                entries, size = read_entries(path)
            except (OSError, ValueError) as exc:
                problems.append((path, str(exc) or type(exc).__name__))
                continue
            outcome, project = self._import_one(caller, path, entries, size, explicit)
            counts[outcome] += 1
            where = f" -> {project.slug}" if project is not None else ""
            progress.write(f"{path}: {outcome}{where}", file=self.stdout._out)
        if counts["imported"] or counts["merged"]:
            search.refresh_statistics()
        self.stdout.write(
            f"{len(files)} file(s): {counts['imported']} imported, "
            f"{counts['merged']} merged into the session's memory, "
            f"{counts['unchanged']} unchanged (already saved), "
            f"{counts['empty']} with nothing to save, {counts['hidden']} of another client's "
            f"project, {len(problems)} unreadable."
        )
        for path, reason in problems:
            self.stderr.write(f"skipped {path}: {reason}")

    def _machine(self, user, fingerprint: str | None, hostname: str | None) -> Machine | None:
        if fingerprint:
            machine = Machine.objects.filter(fingerprint=fingerprint.strip()).first()
            if machine is None:
                raise CommandError(f"No machine with fingerprint {fingerprint!r}.")
            return machine
        if hostname:
            machines = list(Machine.objects.filter(hostname=hostname, owner=user)[:2])
            if len(machines) != 1:
                found = "none" if not machines else "several"
                raise CommandError(f"{found} of {user}'s machines are called {hostname!r}.")
            return machines[0]
        return None

    def _import_one(
        self,
        caller: hooks.Caller,
        path: Path,
        entries: list[dict[str, Any]],
        size: int,
        explicit: Project | None,
    ) -> tuple[str, Project | None]:
        session_id = first_value(entries, "sessionId") or path.stem
        session_id = session_id[:100]
        project = explicit or self._known_project(caller, session_id)
        project = project or self._resolve(caller, path, first_value(entries, "cwd"))
        if project is None:
            return "hidden", None
        started, last_activity = hooks.entry_times(entries)
        before = ConversationContext.objects.filter(
            project=project, claude_session_id=session_id
        ).values_list("updated_at", flat=True)
        before = set(before)
        with transaction.atomic():
            session = hooks.upsert_work_session(
                caller,
                project,
                session_id,
                event_name="SessionEnd",  # a past session: completed
                started_at=started,
                last_activity=last_activity,
            )
            context, created = hooks.save_session_context(
                caller,
                project,
                event_name="Stop",
                claude_session_id=session_id,
                entries=entries,
                # The whole file: it covers every hook save of this session within it.
                transcript_range=[0, size],
                session=session,
                tags=IMPORT_TAGS,
            )
        if context is None:
            return "empty", project
        if created:
            return "imported", project
        return ("unchanged" if context.updated_at in before else "merged"), project

    def _known_project(self, caller: hooks.Caller, session_id: str) -> Project | None:
        """The project the hooks saved this session in, if the user may see it."""
        row = (
            ClaudeSession.objects.filter(claude_session_id=session_id)
            .select_related("project")
            .order_by("created_at")
            .first()
        )
        if row is None or not can_see(caller.user, row.project):
            return None
        return row.project

    def _resolve(self, caller: hooks.Caller, path: Path, cwd: str) -> Project | None:
        remote, toplevel = git_facts(cwd)
        project, how = hooks.resolve_project(
            caller, remote=remote, toplevel=toplevel, cwd=cwd, create=False
        )
        if project is not None or how == "hidden":
            return project
        project = project_by_folder(caller.machine, path.parent.name)
        if project is not None:
            return project if can_see(caller.user, project) else None
        return hooks.repository_project(
            caller,
            repository_key=hooks.repository_key(remote),
            remote=remote,
            path=toplevel or cwd or path.parent.name,
        )
