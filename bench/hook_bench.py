"""Claude Code UserPromptSubmit hook, end to end: from process start to printed answer.

    .venv/bin/python bench/hook_bench.py [--contexts 10000] [--runs 40] [--python /usr/bin/python3]
    DATABASE_URL=mysql://... .venv/bin/python bench/hook_bench.py

Serves this project with gunicorn on 127.0.0.1 (a throwaway SQLite database in a temp
directory, or a throwaway ``test_hookbench_<pid>`` database on the ``DATABASE_URL``
server, dropped at the end), seeds one project with ``--contexts`` contexts (bulk, varied
text, full-text index populated), issues a technician's machine token with
``tracking.services.machine_tokens``, installs the real hook client in a temporary HOME with its own
``setup`` and runs, as Claude Code would (``/bin/sh -c``), the exact UserPromptSubmit
command that ``setup`` wrote into ``~/.claude/settings.json``, with a real-format event on
stdin, from a git checkout of the project.

1. Server up: the hook and ``<same python> -c pass`` interleaved, ``--runs`` times each
   after warm-ups; target: hook median - baseline median <= 80 ms. Every hook run must
   print valid hook output with recalled context (asserted).
2. Server down (connection refused on a port of 127.0.0.1 that no one listens on): the
   hook ``--runs`` times; target: every run exits within 300 ms (max).

Prints a figures table and "target met: yes/no". Not a test; exit code 1 if a target is
missed, 2 if a check failed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import ServerDidNotStart, free_port, start_gunicorn, throwaway_env

ROOT = Path(__file__).resolve().parents[1]
CLIENT = ROOT / "context_recall" / "claude_code" / "client.py"
FIXTURES = ROOT / "context_recall" / "tests" / "fixtures" / "claude_code"
REMOTE = "git@git.example.com:acme/firewall.git"
PROJECT_SLUG = "acme-firewall"
SESSION_ID = "7f3c2a10-5b1e-4c7a-9d2e-0b8e4f6a1c33"
TARGET_UP_MS = 80.0
TARGET_DOWN_MS = 300.0
HOOK_TIMEOUT = 15  # seconds per process: Claude Code's own limit is 10 s
# What the recalled context must contain: the fixture prompt is about the Phoenix VPN on
# the pfSense box, and a share of the seeded contexts are about exactly that.
EXPECTED_WORDS = ("Phoenix", "pfSense")


class CheckFailed(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


# --------------------------------------------------------------------- seeding (child)

SITES = ["Phoenix", "Tucson", "Denver", "Boise", "Reno", "Austin", "Omaha", "Fresno"]
HOSTS = ["DC01", "DC02", "FS01", "EXCH01", "PRINT01", "HV01", "HV02", "SQL01", "NAS01", "FW01"]
PEOPLE = ["Maria", "Jonas", "Priya", "Kwame", "Lena", "Tomás", "Aiko", "Sam"]
# (title, summary, decision, open item, file, command, error, state); {site} {host}
# {n} {who} are filled in per row.
TOPICS = [
    (
        "Phoenix VPN drops every hour",
        "Goal: find why the site-to-site IPsec tunnel to the {site} office drops; phase 2 "
        "lifetime was {n}0 s on the pfSense side and 3600 s on the ISP router.",
        "Matched the phase 2 lifetime to 3600 s on both ends instead of enabling DPD only",
        "Watch the {site} tunnel for a day and close ticket #{n}",
        "/conf/config.xml",
        "pfctl -s state | grep {site}",
        "IKE_SA rekey failed: NO_PROPOSAL_CHOSEN",
        "Tunnel to {site} up for {n} minutes since the lifetime change.",
    ),
    (
        "pfSense firmware upgrade on {host}",
        "Goal: upgrade pfSense on {host} at the {site} office to 2.7.{n}; took a config "
        "backup first and scheduled the reboot after hours with {who}.",
        "Upgraded from the console, not the web UI, because the web UI timed out twice",
        "Re-check the OpenVPN export package after the upgrade",
        "/cf/conf/backup/config-{n}.xml",
        "pfSense-upgrade -d",
        "pkg: repository pfSense has no meta file",
        "pfSense on {host} runs 2.7.{n}; all gateways online.",
    ),
    (
        "Veeam backup copy job failing to NAS01",
        "Goal: fix the nightly backup copy job at {site}; the service account lost write "
        "rights on the NAS share after the permissions cleanup by {who}.",
        "Gave the svc-veeam account modify rights on the repository share only",
        "Run an active full on Sunday and check retention ({n} restore points)",
        "\\\\NAS01\\veeam\\{site}",
        "Get-VBRJob -Name 'Copy {site}' | Start-VBRJob",
        "Access is denied. Failed to open storage for write",
        "Copy job green for {n} nights in a row.",
    ),
    (
        "Exchange certificate renewal on EXCH01",
        "Goal: renew the SAN certificate on EXCH01 before it expires in {n} days; imported "
        "the new PFX and bound it to IIS and SMTP.",
        "Kept the same CSR names; added autodiscover.{site}.example.com",
        "Remind {who} to update the certificate on the spam filter",
        "C:\\certs\\exch01-{n}.pfx",
        "Enable-ExchangeCertificate -Thumbprint ... -Services IIS,SMTP",
        "The certificate chain could not be built to a trusted root",
        "New certificate active; OWA and ActiveSync checked from outside.",
    ),
    (
        "Print spooler crashes on PRINT01",
        "Goal: stop the spooler on PRINT01 crashing when the HP universal driver updates; "
        "{who} reported {n} stuck jobs at the {site} office.",
        "Pinned the HP UPD to version 7.0.{n} via GPO instead of removing it",
        "Move the {site} plotters to their own print queue",
        "C:\\Windows\\System32\\spool\\drivers\\x64\\3\\hpcu{n}.dll",
        "Restart-Service Spooler -Force",
        "Faulting module name: hpmpw{n}.dll",
        "Spooler stable for {n} hours, queue drained.",
    ),
    (
        "MFA rollout for admins",
        "Goal: require MFA for all admin accounts with a conditional access policy; break-"
        "glass account excluded and stored in the vault; {n} admins enrolled.",
        "Report-only mode for a week before enforcing",
        "Enroll {who}'s hardware key",
        "policies/ca-admins-mfa.json",
        "Get-MgIdentityConditionalAccessPolicy",
        "AADSTS50076: you must use multi-factor authentication",
        "Policy enforced; {n} sign-ins challenged today.",
    ),
    (
        "Hyper-V cluster failover test",
        "Goal: validate the {host} cluster before the maintenance window; heartbeat network "
        "failed validation because VLAN {n} was missing on the trunk.",
        "Added VLAN {n} to the trunk on both core switch ports",
        "Repeat live migration of the SQL VM during business hours",
        "cluster/validation-{n}.htm",
        "Test-Cluster -Node HV01,HV02",
        "Network interfaces on HV02 have no connectivity on the heartbeat network",
        "Cluster validation passes; failover of {n} VMs took 40 s.",
    ),
    (
        "DNS forwarders and NTP drift at {site}",
        "Goal: fix slow name resolution at {site}; {host} forwarded to a dead ISP resolver "
        "and the PDC emulator drifted {n} seconds.",
        "Conditional forwarders for the partner zone, root hints for everything else",
        "Check the NTP source on the hypervisors too",
        "C:\\Windows\\System32\\dns\\{site}.dns",
        "w32tm /resync /rediscover",
        "The time provider NtpClient cannot reach the source",
        "Resolution under {n} ms; drift back below one second.",
    ),
    (
        "Robocopy migration of the {site} file share",
        "Goal: move the {site} department shares from FS01 to the NAS with permissions; "
        "{n} GB in the first pass, delta sync nightly.",
        "Robocopy with /COPYALL /MIR in two passes instead of the NAS migration tool",
        "Switch the DFS target with {who} on Friday",
        "scripts/migrate-{site}.ps1",
        "robocopy \\\\FS01\\{site} \\\\NAS01\\{site} /MIR /COPYALL /R:1 /W:1",
        "ERROR 5 (0x00000005) Copying NTFS Security to Destination Directory",
        "Delta sync down to {n} files a night.",
    ),
    (
        "SQL agent job and log rotation on SQL01",
        "Goal: stop the disk filling up on SQL01; the log backup job had been disabled and "
        "the transaction log grew to {n} GB.",
        "Log backups every 15 minutes; shrink once, never on a schedule",
        "Alert when free disk space drops under 15%",
        "maintenance/sql01-logbackup-{n}.sql",
        "BACKUP LOG [erp] TO DISK = N'L:\\backup\\erp.trn'",
        "The transaction log for database 'erp' is full due to 'LOG_BACKUP'",
        "Log at {n} MB after the backups; disk 62% free.",
    ),
    (
        "Nginx reverse proxy certificates (acme)",
        "Goal: automate Let's Encrypt renewal on the {site} proxy; certbot's timer had "
        "failed for {n} days because port 80 was closed on the firewall.",
        "DNS-01 challenge instead of opening port 80",
        "Move the remaining {n} vhosts to the new include layout",
        "/etc/nginx/sites-available/{site}.conf",
        "certbot renew --dry-run",
        "Challenge failed for domain portal.{site}.example.com",
        "All certificates renewed; next run in {n} days.",
    ),
    (
        "DHCP scope exhaustion at {site}",
        "Goal: phones at {site} got no address; the VoIP scope on {host} was full with {n} "
        "stale leases from the guest Wi-Fi bridge.",
        "Split the scope and shortened the guest lease to 4 hours",
        "Ask {who} to move the guest SSID to its own VLAN",
        "dhcp/{site}-scopes-{n}.txt",
        "Get-DhcpServerv4ScopeStatistics -ComputerName {host}",
        "Scope 10.{n}.20.0 is 100 percent full",
        "{n} addresses free in the VoIP scope.",
    ),
    (
        "Outlook profiles after the mailbox migration",
        "Goal: fix Outlook prompting for credentials at {site} after moving {n} mailboxes to "
        "the new tenant; autodiscover still pointed at the old Exchange server.",
        "Removed the SCP record instead of editing every client's registry",
        "Clean up the old autodiscover DNS record with {who}",
        "exchange/autodiscover-{site}.xml",
        "Get-ClientAccessService | Set-ClientAccessService -AutoDiscoverServiceInternalUri $null",
        "The connection to Microsoft Exchange is unavailable",
        "{n} users reconnected without a new profile.",
    ),
    (
        "RAID battery alarm on {host}",
        "Goal: answer the RAID controller alarm on {host}; the cache battery failed its learn "
        "cycle and the controller switched to write-through, slowing the VMs by {n}%.",
        "Ordered a replacement battery; kept write-through until it arrives",
        "Schedule the swap with {who} after hours",
        "hardware/{host}-raid-{n}.log",
        "perccli /c0/bbu show all",
        "BBU failed: learn cycle timeout",
        "Battery replaced; write-back cache enabled again.",
    ),
    (
        "Group policy for mapped drives at {site}",
        "Goal: replace the logon script with GPO drive maps for the {site} office; item-level "
        "targeting by security group, {n} users affected.",
        "Item-level targeting per group rather than one GPO per department",
        "Remove the old logon script from NETLOGON",
        "gpo/drive-maps-{site}.xml",
        "gpupdate /force && gpresult /r",
        "The processing of Group Policy failed because of lack of network connectivity",
        "Drives map at logon for all {n} users.",
    ),
    (
        "Microsoft 365 licence cleanup",
        "Goal: reclaim unused Microsoft 365 licences; {n} accounts of people who left still "
        "held E3 licences and shared mailboxes had licences they do not need.",
        "Converted leavers to shared mailboxes before removing the licence",
        "Send {who} the list of accounts to delete after 30 days",
        "reports/licences-{n}.csv",
        "Get-MgUser -Filter 'assignedLicenses/$count ne 0' -All",
        "License assignment failed: insufficient licenses",
        "{n} licences freed for the new hires.",
    ),
    (
        "Switch port security on the {site} core switch",
        "Goal: stop rogue devices on the {site} LAN; enabled port security with sticky MACs on "
        "access ports, {n} ports errdisabled during the first hour.",
        "Sticky MAC with a limit of two per port for phones with a PC behind them",
        "Document the errdisable recovery steps for {who}",
        "network/{site}-core-{n}.cfg",
        "show port-security interface gi1/0/{n}",
        "%PM-4-ERR_DISABLE: psecure-violation error detected",
        "All ports up; {n} unknown MACs blocked.",
    ),
    (
        "Kernel patching and reboots on the Linux servers",
        "Goal: patch the kernel on the {site} Linux hosts; {n} servers needed a reboot, the "
        "NFS clients hung until the server came back.",
        "Reboot the NFS server last and mount with soft,timeo on the clients",
        "Enable unattended upgrades for security updates only",
        "/etc/apt/apt.conf.d/50unattended-upgrades",
        "needrestart -r l && systemctl reboot",
        "nfs: server fs01 not responding, still trying",
        "All {n} hosts on the new kernel.",
    ),
    (
        "Wi-Fi roaming complaints at {site}",
        "Goal: fix calls dropping when people walk between floors at {site}; the access points "
        "ran at full power and clients stuck to the far AP ({n} dBm).",
        "Lowered transmit power and enabled 802.11r fast roaming",
        "Survey the warehouse with {who} next week",
        "wifi/{site}-site-survey-{n}.pdf",
        "show wlan summary",
        "client deauthenticated: reason 8 (leaving)",
        "Roaming below {n} ms in the test walk.",
    ),
    (
        "Backup retention and snapshot cleanup",
        "Goal: free space on the backup repository; restic kept {n} snapshots because the "
        "forget job never ran with --prune.",
        "Keep 14 daily, 8 weekly and 12 monthly snapshots",
        "Test a restore of the {site} file share",
        "/etc/restic/{site}.env",
        "restic forget --keep-daily 14 --keep-weekly 8 --keep-monthly 12 --prune",
        "Fatal: unable to create lock in backend: repository is already locked",
        "Repository shrank by {n} GB.",
    ),
    (
        "Onboarding laptops for new staff",
        "Goal: prepare {n} laptops for new staff at {site}; Autopilot profile, BitLocker, "
        "the line-of-business apps and the VPN client.",
        "Autopilot user-driven mode with the company branding page",
        "Hand the recovery keys list to {who}",
        "intune/autopilot-{site}.json",
        "Get-WindowsAutopilotInfo -Online",
        "Enrollment failed: device is already enrolled",
        "{n} laptops ready for Monday.",
    ),
    (
        "Firewall rules review on FW01",
        "Goal: review the firewall rules at {site} before the audit; {n} rules had no "
        "description and some allowed any-any from the guest network.",
        "Deny guest to LAN explicitly above the allow rules",
        "Ask {who} who owns the old port forwards",
        "/conf/config.xml",
        "pfctl -sr | wc -l",
        "rule has no description",
        "Rule count down to {n}, all described.",
    ),
    (
        "Scanner to email stopped working",
        "Goal: the copier at {site} could not send scans by email after basic auth was "
        "switched off in the tenant; {n} users rely on it daily.",
        "SMTP relay through the connector with the office IP instead of SMTP auth",
        "Update the copier address book for {who}",
        "printers/{site}-copier-{n}.txt",
        "Test-NetConnection smtp.office365.com -Port 25",
        "535 5.7.139 Authentication unsuccessful, basic authentication is disabled",
        "Scans arrive again; {n} test mails delivered.",
    ),
    (
        "Password manager rollout",
        "Goal: move the shared passwords of the {site} team out of the spreadsheet into the "
        "vault; {n} entries imported and the spreadsheet archived.",
        "One collection per client, access by group",
        "Walk {who} through the browser extension",
        "vault/import-{site}-{n}.csv",
        "bw import bitwardencsv import.csv",
        "Import failed: invalid CSV header",
        "{n} entries in the vault, spreadsheet gone.",
    ),
]


CHATTER = [
    "Checked with {who} before changing anything.",
    "Last time this happened we only restarted the service.",
    "The change took about {n} minutes, no downtime for the users.",
    "Called the office again in the afternoon to confirm.",
    "Ticket #{n} updated and left open until tomorrow.",
    "Documented the steps in the client's runbook.",
    "The customer asked for a short summary by email.",
    "Took a snapshot first, just in case.",
    "Same issue as last month on another box.",
    "{who} will keep an eye on it over the weekend.",
    "Billed as project work, {n} minutes.",
    "Rolled back once because of a typo, then applied it again.",
    "No alerts in monitoring since the change.",
    "The vendor's support line was no help this time.",
    "Needs a follow-up visit on site.",
    "Updated the asset inventory with the new serial number.",
    "Remote session through the RMM agent.",
    "Users were warned by email the day before.",
    "Will check the logs again after the next backup window.",
    "The old settings are saved next to the new ones.",
]


def row_text(rng: random.Random, n: int) -> dict:
    topic = TOPICS[rng.randrange(len(TOPICS))]
    values = {
        "site": rng.choice(SITES),
        "host": rng.choice(HOSTS),
        "who": rng.choice(PEOPLE),
        "n": rng.randint(2, 999),
    }
    (title, summary, decision, open_item, path, command, error, state) = (
        part.format(**values) for part in topic
    )
    # Work notes are rarely only on topic: one to three everyday sentences too.
    chatter = " ".join(rng.sample(CHATTER, rng.randint(1, 3))).format(**values)
    return {
        "title": f"{title} ({values['site']}, #{n})",
        "summary": f"{summary} {chatter}",
        "key_decisions": [decision],
        "open_items": [open_item] if rng.random() < 0.7 else [],
        "files_touched": [path],
        "commands": [command],
        "errors": [error] if rng.random() < 0.5 else [],
        "current_state": state,
        "importance": rng.randint(1, 10),
    }


def seed(count: int, seed_value: int, clients: int = 1000, technicians: int = 50) -> dict:
    """Runs in a child process with the bench's environment (its database)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msp.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.utils import timezone

    from context_recall import search
    from context_recall.models import ConversationContext, RecallDocument
    from context_recall.search import analysis, documents
    from msp.demo import technician_group
    from msp.models import Client
    from tracking.models import Project
    from tracking.services.machine_tokens import issue_machine_token

    rng = random.Random(seed_value)
    client = Client.objects.create(name="Acme Corp")
    project = Project.objects.create(
        name="Acme firewall", slug=PROJECT_SLUG, client=client, repository_url=REMOTE
    )
    other = Project.objects.create(name="Acme office", slug="acme-office", client=client)
    user = get_user_model().objects.create_user(
        username="bench-tech", password=secrets.token_urlsafe(16)
    )
    # A technician as seed_demo makes them (the hooks need the recall permissions), in
    # the team of the client whose project the hook resolves.
    team = Group.objects.create(name="bench-team")
    user.groups.add(technician_group(), team)
    client.teams.add(team)
    # The MSP around it: other clients, technicians and teams, so that scoping filters a
    # real access list.
    from team_scale import seed_team_scale

    scale = seed_team_scale(user, client, clients=clients, technicians=technicians)
    issued = issue_machine_token(
        user=user,
        fingerprint=secrets.token_hex(32),
        hostname="bench-laptop",
        name="claude-code hooks",
    )
    started = time.perf_counter()
    now = timezone.now()
    batch: list = []
    for n in range(count):
        fields = row_text(rng, n)
        row = ConversationContext(
            project=project, client_id=client.pk, claude_session_id=str(uuid.uuid4()), **fields
        )
        row.content_hash = row.compute_hash()
        row.compressed_token_estimate = -(-len(row.recall_text()) // 4)
        row.raw_token_estimate = row.compressed_token_estimate * rng.randint(5, 40)
        batch.append(row)
        if len(batch) == 1000:
            ConversationContext.objects.bulk_create(batch)
            batch = []
    if batch:
        ConversationContext.objects.bulk_create(batch)
    # Some noise in another project of the same client (out of scope for the hook).
    noise = []
    for n in range(min(1000, count // 10)):
        row = ConversationContext(project=other, client_id=client.pk, **row_text(rng, n))
        row.content_hash = row.compute_hash()
        noise.append(row)
    ConversationContext.objects.bulk_create(noise)
    # Spread the ages over two years (bulk_create stamps them all "now"): recency counts.
    ids = list(ConversationContext.objects.filter(project=project).values_list("pk", flat=True))
    rng.shuffle(ids)
    buckets = 100
    for b in range(buckets):
        when = now - timedelta(days=730 * b / buckets, minutes=rng.randint(0, 600))
        ConversationContext.objects.filter(pk__in=ids[b::buckets]).update(
            created_at=when, updated_at=when, occurred_at=when
        )
    # bulk_create and update() send no signal: build the search documents as
    # reindex_search does after an import.
    search.rebuild_index()
    seconds = time.perf_counter() - started
    stored = ConversationContext.objects.filter(project=project).count()
    indexed = RecallDocument.objects.filter(kind="context").count()
    key = documents.scope_key(documents.scopes_of(project.pk, project.client_id)[0])
    from recall_bench import fulltext_ids

    hits = len(fulltext_ids([f"{key}_{analysis.stem('phoenix')}"], 100_000))
    return {
        "token": issued.token,
        "contexts": stored,
        "other_contexts": len(noise),
        "indexed": indexed,
        "fts_hits_phoenix": hits,
        "seed_seconds": round(seconds, 1),
        "vendor": connection.vendor,
        "team_scale": scale,
    }


def create_test_database() -> str:
    """Child: create (and migrate) a throwaway database on the DATABASE_URL server."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msp.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    # A name of its own: never the test database a concurrent pytest run may be using.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"test_hookbench_{os.getpid()}"
    return connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)


def drop_test_database(name: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msp.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    check(name.startswith("test_"), f"refusing to drop {name!r}")
    connection.creation._destroy_test_db(name, verbosity=0)


# ------------------------------------------------------------------------ bench (parent)


def child(env: dict, *args: str, timeout: float = 600) -> str:
    result = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise CheckFailed(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(q * len(ordered) + 0.999999) - 1))]


def timed(command: str, stdin: bytes, env: dict, cwd: str) -> tuple[float, subprocess.Popen]:
    """Milliseconds from spawning ``/bin/sh -c command`` to its exit (all output read)."""
    started = time.perf_counter()
    proc = subprocess.run(
        ["/bin/sh", "-c", command],
        input=stdin,
        capture_output=True,
        env=env,
        cwd=cwd,
        timeout=HOOK_TIMEOUT,
    )
    return (time.perf_counter() - started) * 1000, proc


def server_only(port: int, token: str, body: bytes) -> float:
    """Milliseconds for the hook's request sent from this process (server + loopback)."""
    import http.client

    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=HOOK_TIMEOUT)
    try:
        connection.request(
            "POST",
            "/api/v1/hooks/claude-code/",
            body,
            {"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        )
        response = connection.getresponse()
        answer = response.read()
    finally:
        connection.close()
    elapsed = (time.perf_counter() - started) * 1000
    check(response.status == 200, f"server answered {response.status}: {answer[:300]!r}")
    check(b"additionalContext" in answer, "server answered no context")
    return elapsed


def check_hook_answer(proc) -> int:
    """The hook contract, and context actually recalled: returns the context's length."""
    check(proc.returncode == 0, f"hook exit code {proc.returncode}")
    check(proc.stderr == b"", f"hook wrote on stderr: {proc.stderr[:300]!r}")
    try:
        answer = json.loads(proc.stdout)
    except ValueError:
        raise CheckFailed(f"hook stdout is not JSON: {proc.stdout[:300]!r}") from None
    check(set(answer) == {"hookSpecificOutput"}, f"unexpected hook output keys {set(answer)}")
    output = answer["hookSpecificOutput"]
    check(output.get("hookEventName") == "UserPromptSubmit", f"wrong event name {output}")
    context = output.get("additionalContext")
    check(isinstance(context, str) and 0 < len(context) < 10_000, "no or oversized context")
    check(
        all(word in context for word in EXPECTED_WORDS),
        f"recalled context does not mention {EXPECTED_WORDS}: {context[:300]!r}",
    )
    return len(context)


def make_checkout(root: Path, env: dict) -> Path:
    repo = root / "src" / "acme-firewall"
    repo.mkdir(parents=True)
    git = ["git", "-C", str(repo)]
    subprocess.run([*git, "init", "-q"], check=True, env=env, timeout=10)
    subprocess.run([*git, "remote", "add", "origin", REMOTE], check=True, env=env, timeout=10)
    return repo


def summarize(values: list[float]) -> dict:
    return {
        "median": statistics.median(values),
        "p95": pct(values, 0.95),
        "min": min(values),
        "max": max(values),
    }


def run_bench(args, tmp: Path, result: dict) -> dict:
    env = throwaway_env(tmp / "var")
    me = str(Path(__file__).resolve())
    if env.get("DATABASE_URL"):
        test_name = child(env, me, "_createdb").strip().splitlines()[-1]
        parts = urlsplit(env["DATABASE_URL"])
        env["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + test_name))
        result["dropped_db"] = (test_name, dict(env, DATABASE_URL=os.environ["DATABASE_URL"]))
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        child(env, "manage.py", "migrate", "--noinput")
    result["database"] = env["DATABASE_URL"].split(":", 1)[0]
    seeded = json.loads(child(env, me, "_seed", "--contexts", str(args.contexts)).splitlines()[-1])
    result["seeded"] = seeded
    check(seeded["contexts"] == args.contexts, f"seeded {seeded['contexts']} contexts")
    check(
        seeded["indexed"] >= seeded["contexts"] + seeded["other_contexts"],
        f"full-text index holds {seeded['indexed']} contexts",
    )
    check(seeded["fts_hits_phoenix"] > 0, "full-text search finds nothing")
    print(
        f"seeded {seeded['contexts']} contexts (+{seeded['other_contexts']} in another project)"
        f" in {seeded['seed_seconds']} s; full-text index: {seeded['indexed']} rows;"
        f" the MSP around it: {seeded['team_scale']}",
        flush=True,
    )

    # The technician's machine: HOME, a checkout of the project, the client set up there.
    home = tmp / "home"
    home.mkdir()
    hook_env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
    }
    repo = make_checkout(tmp, hook_env)
    hook_env["CLAUDE_PROJECT_DIR"] = str(repo)
    transcript = home / ".claude" / "projects" / "-src-acme-firewall" / f"{SESSION_ID}.jsonl"
    transcript.parent.mkdir(parents=True)
    shutil.copy(FIXTURES / "transcript-example.jsonl", transcript)
    event = json.loads((FIXTURES / "payloads" / "UserPromptSubmit.json").read_text())
    event.update(cwd=str(repo), transcript_path=str(transcript))

    def stdin() -> bytes:
        # Every run is a session's first prompt: the whole recall, nothing left out as
        # already injected (memories are injected once per session).
        return json.dumps(dict(event, session_id=str(uuid.uuid4()))).encode()

    port = free_port()
    server_url = f"http://127.0.0.1:{port}"
    setup = subprocess.run(
        [args.python, str(CLIENT), "setup", "--server", server_url, "--token", seeded["token"]],
        env=hook_env,
        capture_output=True,
        timeout=60,
        cwd=str(tmp),
    )
    check(setup.returncode == 0, f"client setup failed: {setup.stdout!r} {setup.stderr!r}")
    settings = json.loads((home / ".claude" / "settings.json").read_text())
    commands = [
        handler["command"]
        for group in settings["hooks"]["UserPromptSubmit"]
        for handler in group["hooks"]
    ]
    check(len(commands) == 1, f"expected one UserPromptSubmit hook, got {commands}")
    hook_cmd = commands[0]
    python = shlex.split(hook_cmd)[0]
    base_cmd = f"{shlex.quote(python)} -c pass"
    result.update(hook_cmd=hook_cmd, base_cmd=base_cmd)
    version = subprocess.run(
        [python, "-c", "import sys; print(sys.version.split()[0])"],
        capture_output=True,
        text=True,
        timeout=10,
        check=True,
    ).stdout.strip()
    result["python"] = f"{python} ({version})"
    print(f"hook command (from settings.json): {hook_cmd}", flush=True)

    (tmp / "var").mkdir(parents=True, exist_ok=True)
    server = start_gunicorn(env, port, args.workers, log=tmp / "var" / "gunicorn.log")
    load_before = os.getloadavg()[0]
    # The same request as the hook's, sent from here: the server's share of the hook's time.
    direct_body = dict(event)
    direct_body["msp"] = {
        "git_remote_url": REMOTE,
        "git_toplevel": str(repo),
        "machine_fingerprint": secrets.token_hex(32),
        "hostname": "bench-laptop",
        "client_version": "bench",
    }

    def direct() -> bytes:
        return json.dumps(dict(direct_body, session_id=str(uuid.uuid4()))).encode()

    try:
        cwd = str(repo)
        context_chars = 0
        for _ in range(args.warmup):
            timed(base_cmd, b"", hook_env, cwd)
            _, proc = timed(hook_cmd, stdin(), hook_env, cwd)
            context_chars = check_hook_answer(proc)
            server_only(port, seeded["token"], direct())
        samples: dict[str, list[float]] = {"base": [], "hook": [], "server": []}
        kinds = list(samples)
        for i in range(args.runs):
            for which in kinds[i % 3 :] + kinds[: i % 3]:  # rotate the order
                if which == "base":
                    ms, proc = timed(base_cmd, b"", hook_env, cwd)
                    check(proc.returncode == 0, "baseline failed")
                elif which == "hook":
                    ms, proc = timed(hook_cmd, stdin(), hook_env, cwd)
                    context_chars = check_hook_answer(proc)
                else:
                    ms = server_only(port, seeded["token"], direct())
                samples[which].append(ms)
        result.update({k: summarize(v) for k, v in samples.items()}, context_chars=context_chars)
        result["load"] = (load_before, os.getloadavg()[0])
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    # Server down: the config points at a port of 127.0.0.1 that is bound but not listening,
    # so that no one else can take it during the runs; connect() is refused at once.
    config_path = home / ".config" / "msp-claude" / "config.json"
    config = json.loads(config_path.read_text())
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        config["server"] = f"http://127.0.0.1:{closed.getsockname()[1]}"
        config_path.write_text(json.dumps(config))
        down = []
        for _ in range(args.runs):
            ms, proc = timed(hook_cmd, stdin(), hook_env, str(repo))
            check(proc.returncode == 0, f"hook exit code {proc.returncode} (server down)")
            check(proc.stderr == b"" and proc.stdout == b"", "hook printed while server down")
            down.append(ms)
    status = json.loads((home / ".local" / "state" / "msp-claude" / "status.json").read_text())
    error = status.get("last_error", {}).get("error", "")
    # Proves the runs did try the server (no breaker short-cut) and failed as intended.
    check("refused" in error.lower(), f"last client error is not 'connection refused': {error}")
    result["down"] = summarize(down)
    result["down_error"] = error
    return result


def report(args, result: dict) -> bool:
    base, hook, down = result["base"], result["hook"], result["down"]
    diff = hook["median"] - base["median"]
    up_ok = diff <= TARGET_UP_MS
    down_ok = down["max"] <= TARGET_DOWN_MS
    seeded = result["seeded"]
    print()
    print(
        f"database: {result['database']}, contexts in the project: {seeded['contexts']}, "
        f"gunicorn workers: {args.workers}, runs: {args.runs} each (+{args.warmup} warm-up)"
    )
    print(f"interpreter: {result['python']}")
    print(
        f"load average (1 min) before / after the measurements: {result['load'][0]:.2f} / "
        f"{result['load'][1]:.2f} on {os.cpu_count()} CPUs"
    )
    print(f"additionalContext printed: {result['context_chars']} characters")
    print()
    print(f"| {'measurement':<38} | {'median':>8} | {'p95':>8} | {'min':>8} | {'max':>8} |")
    print(f"|{'-' * 40}|{'-' * 10}|{'-' * 10}|{'-' * 10}|{'-' * 10}|")
    rows = [
        ("baseline: python -c pass", base),
        ("hook UserPromptSubmit, server up", hook),
        ("hook UserPromptSubmit, server down", down),
        ("server only (same request, from here)", result["server"]),
    ]
    for label, s in rows:
        print(
            f"| {label:<38} | {s['median']:>6.1f}ms | {s['p95']:>6.1f}ms"
            f" | {s['min']:>6.1f}ms | {s['max']:>6.1f}ms |"
        )
    print()
    server = result["server"]["median"]
    print(
        f"split of the hook's median: interpreter start {base['median']:.1f} ms + server "
        f"{server:.1f} ms + the rest (client imports and work, hook process) "
        f"{hook['median'] - base['median'] - server:.1f} ms"
    )
    print(
        f"hook median - baseline median = {diff:.1f} ms (target <= {TARGET_UP_MS:.0f} ms): "
        f"{'met' if up_ok else 'MISSED'}"
    )
    print(
        f"server down: max {down['max']:.1f} ms, median {down['median']:.1f} ms "
        f"(target: every run <= {TARGET_DOWN_MS:.0f} ms): {'met' if down_ok else 'MISSED'}"
    )
    print(f"target met: {'yes' if up_ok and down_ok else 'no'}")
    return up_ok and down_ok


def main() -> int:
    if sys.argv[1:2] == ["_seed"]:
        parser = argparse.ArgumentParser()
        parser.add_argument("--contexts", type=int, required=True)
        parser.add_argument("--seed", type=int, default=11)
        parser.add_argument("--clients", type=int, default=1000)
        parser.add_argument("--technicians", type=int, default=50)
        args = parser.parse_args(sys.argv[2:])
        print(json.dumps(seed(args.contexts, args.seed, args.clients, args.technicians)))
        return 0
    if sys.argv[1:2] == ["_createdb"]:
        print(create_test_database())
        return 0
    if sys.argv[1:2] == ["_dropdb"]:
        drop_test_database(sys.argv[2])
        return 0

    default_python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contexts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=40, help="measured runs of each")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--python",
        default=default_python,
        help="interpreter that runs `client.py setup`, hence the hooks (default %(default)s)",
    )
    args = parser.parse_args()
    if args.runs < 1 or args.contexts < 1:
        parser.error("--runs and --contexts must be positive")

    with tempfile.TemporaryDirectory(prefix="msp-hook-bench-") as tmp_name:
        tmp = Path(tmp_name)
        result: dict = {}
        try:
            run_bench(args, tmp, result)
        except (CheckFailed, ServerDidNotStart, subprocess.SubprocessError) as exc:
            print(f"CHECK FAILED: {exc}", file=sys.stderr)
            log = tmp / "var" / "gunicorn.log"
            if log.exists() and log.stat().st_size:
                print(log.read_text()[-3000:], file=sys.stderr)
            return 2
        finally:
            dropped = result.get("dropped_db")
            if dropped:
                child(dropped[1], str(Path(__file__).resolve()), "_dropdb", dropped[0])
        return 0 if report(args, result) else 1


if __name__ == "__main__":
    sys.exit(main())
