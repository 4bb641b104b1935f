"""Generate the single-file hook client users download from the hookclient package.

    python -m context_recall.claude_code.build            # writes client.py next to this file
    python -m context_recall.claude_code.build --check    # exit 1 if client.py is stale

The modules are concatenated in dependency order (MODULES): each one's docstring becomes
a comment, its ``from __future__`` line and its imports of sibling modules are dropped
(in one file they share one namespace), everything else is kept as written. The build
refuses modules that would not survive that: two modules defining the same top-level
name, an import of a sibling name the sibling does not define, an import from outside
the standard library, a module missing from MODULES. A test (tests/hookclient/
test_build.py) checks that client.py is byte for byte what render() returns.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE = HERE / "hookclient"
OUTPUT = HERE / "client.py"
# Dependency order: a module comes after every module it imports from.
MODULES = (
    "base",
    "events",
    "paths",
    "locks",
    "config",
    "http",
    "breaker",
    "git",
    "transcript",
    "spool",
    "hook",
    "mcp",
    "setup",
    "main",
)

HEADER = '''#!/usr/bin/env python3
"""MSP Claude Code hook client: one stdlib-only file (Python 3.8+), holds no secret.

    python3 client.py setup --server https://msp.example.com   # once per machine
    python3 client.py status | flush | uninstall [--purge]
    python3 client.py hook                                     # what Claude Code runs

`hook` reads the Claude Code hook event (JSON) on stdin, adds git and machine details,
posts it to the server's `/api/v1/hooks/claude-code/` and, for SessionStart and
UserPromptSubmit, prints the server's hook output. For Stop, PreCompact and SessionEnd
it sends the transcript lines it has not sent before (bulky tool output trimmed); such
saves are written to a local spool first and deleted only once the server answered 2xx,
so they survive a server outage or the hook being killed. `hook` always exits 0, prints
nothing on stderr (unless MSP_CLAUDE_DEBUG=1) and is a no-op when MSP_CLAUDE_DISABLED=1.
`setup` also registers the server's MCP endpoint for Claude Code (user scope).

GENERATED from context_recall/claude_code/hookclient/ by
`python -m context_recall.claude_code.build`: edit the modules there, not this file.
"""

# ruff: noqa
from __future__ import annotations

SINGLE_FILE = True  # setup copies this very file (see setup.own_script)
'''

SIBLING_IMPORT = re.compile(r"^from \.\w+ import (?:\([^)]*\)|[^\n]*)\n", re.M)
FILE_NOQA = re.compile(r"^# ruff: noqa[^\n]*\n", re.M)
FUTURE = "from __future__ import annotations\n"


class BuildError(Exception):
    pass


def _top_level_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def _check(sources: dict[str, str]) -> None:
    present = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    if present != set(MODULES):
        raise BuildError(f"modules not in MODULES (or missing): {sorted(present ^ set(MODULES))}")
    defined: dict[str, set[str]] = {}
    owner: dict[str, str] = {}
    for index, name in enumerate(MODULES):
        tree = ast.parse(sources[name])
        defined[name] = _top_level_names(tree)
        for symbol in defined[name]:
            if symbol in owner and symbol != "__all__":
                raise BuildError(f"{symbol} is defined in both {owner[symbol]} and {name}")
            owner[symbol] = name
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level:
                if node.level != 1 or node.module not in MODULES[:index]:
                    raise BuildError(f"{name} imports .{node.module}: not an earlier module")
                if node in tree.body:
                    missing = {a.name for a in node.names} - defined[node.module]
                    if missing:
                        raise BuildError(f"{name}: {node.module} defines no {sorted(missing)}")
                else:
                    raise BuildError(f"{name}: sibling imports must be at module level")
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                modules = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                )
                for module in modules:
                    if module.split(".")[0] not in sys.stdlib_module_names | {"__future__"}:
                        raise BuildError(f"{name} imports {module}: not the standard library")


def _module_text(name: str, source: str) -> str:
    tree = ast.parse(source)
    doc = ast.get_docstring(tree, clean=True) or ""
    lines = source.splitlines(keepends=True)
    first = tree.body[0]
    if doc and isinstance(first, ast.Expr):
        source = "".join(lines[first.end_lineno :])
    source = FILE_NOQA.sub("", source)
    source = source.replace(FUTURE, "", 1)
    source = SIBLING_IMPORT.sub("", source)
    source = re.sub(r"\n{4,}", "\n\n\n", source)  # at most two blank lines where imports were
    comment = "".join(f"# {line}".rstrip() + "\n" for line in doc.splitlines())
    rule = f"# {'-' * 30} hookclient/{name}.py ".ljust(88, "-") + "\n"
    return rule + comment + "\n" + source.strip("\n") + "\n"


def render() -> str:
    sources = {name: (PACKAGE / f"{name}.py").read_text(encoding="utf-8") for name in MODULES}
    _check(sources)
    parts = [HEADER] + [_module_text(name, sources[name]) for name in MODULES]
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if client.py is stale")
    args = parser.parse_args(argv)
    text = render()
    current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
    if args.check:
        if current != text:
            sys.stderr.write(f"{OUTPUT} is stale: run python -m context_recall.claude_code.build\n")
            return 1
        return 0
    if current != text:
        OUTPUT.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
