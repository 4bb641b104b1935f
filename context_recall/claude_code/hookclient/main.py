"""The command line: `client.py setup | status | flush | uninstall | hook`."""

from __future__ import annotations

import os
import sys
import time

from .base import CLIENT_VERSION, env_flag
from .breaker import record_result
from .config import hook_url, hostname, load_config, machine_fingerprint
from .events import STATUS_EVENT
from .hook import run_hook
from .http import http_request, post_json
from .locks import load_json_object, read_json, write_json
from .mcp import (
    MCP_NAME,
    claude_json_path,
    mcp_entry,
    mcp_url,
    probe_mcp,
    register_mcp,
    registered_mcp,
    unregister_mcp,
)
from .paths import config_dir, config_path, make_private_dir, rejected_dir, state_dir, status_path
from .setup import (
    add_our_hooks,
    claude_settings_path,
    hook_command,
    install_self,
    is_ours,
    login,
    own_script,
    register_machine,
    remove_our_hooks,
    update_settings,
)
from .spool import deliver_spool, spool_files

DESCRIPTION = "MSP Claude Code hook client: one stdlib-only file (Python 3.8+), holds no secret."


def _fail(msg: str) -> int:
    sys.stderr.write(f"msp-claude: {msg}\n")
    return 1


def cmd_setup(args) -> int:
    server = args.server.rstrip("/")
    if not server.startswith(("http://", "https://")):
        return _fail("--server must start with http:// or https://")
    config = read_json(config_path(), {})
    timeout = 15.0
    machine = config.get("machine") if config.get("server") == server else None
    if args.token:
        token = args.token
        machine = None
    elif config.get("token") and config.get("server") == server and not args.relogin:
        token = config["token"]
        print(f"Keeping the machine token already configured for {server}.")
    else:
        try:
            access = login(server, args.username, timeout)
            answer = register_machine(server, access, timeout)
        except (RuntimeError, EOFError, KeyboardInterrupt) as exc:
            return _fail(str(exc) or "cancelled")
        token = str(answer["token"])
        machine = {"token_id": answer.get("id"), **(answer.get("machine") or {})}
        print("Machine registered: %s." % (machine.get("hostname") or hostname()))
    config.update({"server": server, "token": token, "client_version": CLIENT_VERSION})
    if machine:
        config["machine"] = machine
    for key in ("timeout_prompt", "timeout_save"):
        value = getattr(args, key)
        if value is not None:
            config[key] = value
    if args.project:
        config["project"] = args.project
    make_private_dir(config_dir())
    if os.name != "nt":
        os.chmod(config_dir(), 0o700)
    write_json(config_path(), config, mode=0o600)
    print(f"Config written: {config_path()} (mode 0600).")
    machine_fingerprint()
    script = own_script() if args.no_copy else install_self()
    path = claude_settings_path(args.project_dir)
    try:
        backup = update_settings(path, lambda s: add_our_hooks(s, hook_command(script)))
    except (OSError, ValueError) as exc:
        return _fail(f"cannot update {path}: {exc}")
    if backup is None:
        print(f"Hooks already in {path}.")
    else:
        print(f"Hooks added to {path}" + (f" (backup: {backup})." if backup else "."))
    mcp_path = claude_json_path()
    try:
        if args.no_mcp:
            if unregister_mcp(mcp_path):
                print(f"MCP server '{MCP_NAME}' removed from {mcp_path}.")
        else:
            change = register_mcp(server, token, mcp_path)
            print(f"MCP server '{MCP_NAME}' ({mcp_url(server)}) {change} in {mcp_path}"
                  " (user scope, mode 0600).")  # fmt: skip
    except (OSError, ValueError) as exc:
        return _fail(f"cannot update {mcp_path}: {exc}")
    print("Restart Claude Code (hooks and MCP servers are read at session start).")
    print(f"Check with: {sys.executable} {script} status")
    return 0


def cmd_uninstall(args) -> int:
    paths = [claude_settings_path(None)]
    if args.project_dir:
        paths = [claude_settings_path(args.project_dir)]
    for path in paths:
        if not os.path.exists(path):
            continue
        try:
            backup = update_settings(path, remove_our_hooks)
        except (OSError, ValueError) as exc:
            return _fail(f"cannot update {path}: {exc}")
        if backup is None:
            print(f"No msp-claude hooks in {path}.")
        else:
            print(f"Removed the msp-claude hooks from {path} (backup: {backup}).")
    if not args.project_dir:  # the MCP server is registered at user scope only
        mcp_path = claude_json_path()
        try:
            if unregister_mcp(mcp_path):
                print(f"Removed the MCP server '{MCP_NAME}' from {mcp_path}.")
        except (OSError, ValueError) as exc:
            return _fail(f"cannot update {mcp_path}: {exc}")
    if args.purge:
        import shutil

        for directory in (config_dir(), state_dir()):
            shutil.rmtree(directory, ignore_errors=True)
        print(f"Removed {config_dir()} and {state_dir()}.")
        print("The machine token stays valid on the server until it is revoked there.")
    return 0


def _spool_summary() -> tuple:
    files = spool_files()
    size = 0
    oldest = None
    for path in files:
        try:
            size += os.path.getsize(path)
            mtime = os.path.getmtime(path)
            oldest = mtime if oldest is None else min(oldest, mtime)
        except OSError:
            pass
    return len(files), size, oldest


def _ago(ts) -> str:
    if not isinstance(ts, (int, float)):
        return "never"
    when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts))
    return f"{when} ({int(time.time() - ts)}s ago)"


def cmd_status(args) -> int:
    config = load_config()
    problems = 0
    print(f"client:      {own_script()} (version {CLIENT_VERSION})")
    missing = "" if os.path.exists(config_path()) else " (missing: run setup)"
    print(f"config:      {config_path()}{missing}")
    print(f"state/spool: {state_dir()}")
    if env_flag("MSP_CLAUDE_DISABLED"):
        print("disabled:    MSP_CLAUDE_DISABLED is set: hooks do nothing")
    hooked = []
    for path in (claude_settings_path(None), claude_settings_path(os.getcwd())):
        try:
            settings = load_json_object(path)
        except (OSError, ValueError):
            continue
        hooks = settings.get("hooks") if isinstance(settings.get("hooks"), dict) else {}
        events = [e for e, groups in hooks.items() if isinstance(groups, list) and any(
            isinstance(g, dict) and any(is_ours(h) for h in g.get("hooks") or [])
            for g in groups)]  # fmt: skip
        if events:
            hooked.append(f"{path} ({', '.join(events)})")
    print("hooks:       %s" % ("; ".join(hooked) if hooked else "none registered"))
    if not hooked:
        problems += 1
    count, size, oldest = _spool_summary()
    print(f"spool:       {count} file(s), {size} bytes, oldest {_ago(oldest)}")
    status = read_json(status_path(), {})
    if status.get("spool_dropped"):
        print(f"spool:       {status['spool_dropped']} payload(s) dropped (spool full)")
    print(f"last ok:     {_ago(status.get('last_ok_at'))}")
    if isinstance(status.get("last_error"), dict):
        err = status["last_error"]
        print(f"last error:  {err.get('error')} at {_ago(err.get('at'))}")
    if not config.get("server"):
        print("server:      not configured")
        return 1
    print(f"server:      {config['server']}")
    print("token:       %s" % ("set" if config.get("token") else "MISSING"))
    health = http_request("GET", config["server"] + "/healthz", None, {}, 5.0)
    print("reachable:   %s" % ("yes" if health.kind == "ok" else f"NO ({health.error})"))
    if health.kind != "ok":
        problems += 1
    probe = post_json(hook_url(config), {"hook_event_name": STATUS_EVENT,
                                         "session_id": "", "msp": {
                                             "client_version": CLIENT_VERSION,
                                             "machine_fingerprint": machine_fingerprint()}},
                      config.get("token", ""), 5.0)  # fmt: skip
    if probe.kind == "auth":
        record_result(probe)
        print(f"auth:        REFUSED (HTTP {probe.status}): the machine token is revoked or")
        print("             invalid; run: setup --server URL --relogin")
        problems += 1
    elif probe.kind == "ok":
        print("auth:        ok")
    else:
        print(f"auth:        unknown ({probe.error})")
    if probe.kind != "auth" and isinstance(status.get("auth_error"), dict):
        refused = status["auth_error"]
        print(f"auth:        a hook call was refused (HTTP {refused.get('status')}) "
              f"{_ago(refused.get('at'))}")  # fmt: skip
    problems += mcp_status(config)
    return 1 if problems else 0


def mcp_status(config: dict) -> int:
    """Print whether the MCP server is registered and answers; 1 when it is registered
    but unusable (token refused or different from the config), else 0."""
    entry = registered_mcp()
    if entry is None:
        print(f"mcp:         not registered in {claude_json_path()}")
        return 0
    expected = mcp_entry(config["server"], config.get("token", ""))
    if entry != expected:
        print(f"mcp:         '{MCP_NAME}' in {claude_json_path()} differs from this config"
              " (another server or token): run setup again")  # fmt: skip
        return 1
    print(f"mcp:         '{MCP_NAME}' registered ({entry.get('url')})")
    kind, text = probe_mcp(config["server"], config.get("token", ""))
    print(f"mcp server:  {text}")
    return 1 if kind == "auth" else 0


def cmd_flush(args) -> int:
    config = load_config()
    if not config.get("server"):
        return _fail("not set up: run setup --server URL")
    before = len(spool_files())
    counts = deliver_spool(config, budget=float(args.budget), stop_on_failure=True)
    left = len(spool_files())
    error = f" ({counts['last_error']})" if counts["last_error"] else ""
    print(f"spool: {before} before, {counts['ok']} sent, {counts['rejected']} rejected "
          f"(moved to {rejected_dir()}), {left} left{error}")  # fmt: skip
    return 0 if left == 0 else 1


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["hook"]:  # the hot path: no argparse
        return run_hook()
    import argparse

    parser = argparse.ArgumentParser(prog="client.py", description=DESCRIPTION)
    sub = parser.add_subparsers(dest="command")
    p = sub.add_parser("setup", help="register this machine and add the Claude Code hooks")
    p.add_argument("--server", required=True, help="e.g. https://msp.example.com")
    p.add_argument("--token", help="a machine token (scripted installs); skips the login")
    p.add_argument("--username", help="technician login (asked otherwise)")
    p.add_argument("--relogin", action="store_true", help="get a new machine token")
    p.add_argument("--project-dir", help="use <dir>/.claude/settings.json instead of ~/.claude")
    p.add_argument("--project", help="explicit project for every event from this machine")
    p.add_argument("--timeout-prompt", type=float, help="seconds (default 5)")
    p.add_argument("--timeout-save", type=float, help="seconds (default 8)")
    p.add_argument("--no-copy", action="store_true", help="hooks run this file where it is")
    p.add_argument(
        "--no-mcp",
        action="store_true",
        help="do not register (and remove) the MSP MCP server in ~/.claude.json",
    )
    p = sub.add_parser("uninstall", help="remove our hooks and MCP server (others are kept)")
    p.add_argument("--project-dir", help="the project whose .claude/settings.json to clean")
    p.add_argument("--purge", action="store_true", help="also delete config, token and spool")
    sub.add_parser("status", help="config, server reachability, spool")
    p = sub.add_parser("flush", help="send the spooled saves now")
    p.add_argument("--budget", type=float, default=120.0, help="seconds (default 120)")
    sub.add_parser("hook", help="run by Claude Code with the event on stdin")
    args = parser.parse_args(argv)
    commands = {"setup": cmd_setup, "uninstall": cmd_uninstall, "status": cmd_status,
                "flush": cmd_flush}  # fmt: skip
    if args.command not in commands:
        parser.print_help()
        return 2
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
