"""context_recall.claude_code.build: the downloaded client.py is exactly what the
generator writes from the package, and the generator refuses modules that would break
once concatenated."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from context_recall.claude_code import build


def test_client_py_is_the_generated_file_byte_for_byte():
    assert build.OUTPUT.read_bytes() == build.render().encode("utf-8"), (
        "client.py is stale: run python -m context_recall.claude_code.build"
    )


def test_check_mode_fails_on_a_stale_file(tmp_path, monkeypatch):
    assert build.main(["--check"]) == 0
    stale = tmp_path / "client.py"
    stale.write_text(build.render() + "# edited by hand\n")
    monkeypatch.setattr(build, "OUTPUT", stale)
    assert build.main(["--check"]) == 1
    assert build.main([]) == 0
    assert stale.read_text() == build.render()


def test_generated_file_compiles_for_python_38_and_keeps_no_sibling_import():
    tree = ast.parse(build.render(), feature_version=(3, 8))
    relative = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level]
    assert relative == []
    top = [n.module for n in tree.body if isinstance(n, ast.ImportFrom)]
    assert top[0] == "__future__"  # first statement after the docstring


def sources() -> dict[str, str]:
    return {name: (build.PACKAGE / f"{name}.py").read_text() for name in build.MODULES}


def test_refuses_a_name_defined_in_two_modules():
    changed = sources()
    changed["mcp"] += "\n\ndef atomic_write():\n    pass\n"
    with pytest.raises(build.BuildError, match="atomic_write is defined in both locks and mcp"):
        build._check(changed)


def test_refuses_imports_outside_the_standard_library_or_from_a_later_module():
    changed = sources()
    changed["paths"] += "\nimport requests\n"
    with pytest.raises(build.BuildError, match="not the standard library"):
        build._check(changed)
    changed = sources()
    changed["paths"] = changed["paths"].replace(
        "from .base import APP", "from .base import APP\nfrom .hook import run_hook"
    )
    with pytest.raises(build.BuildError, match="not an earlier module"):
        build._check(changed)
    changed = sources()
    changed["paths"] = changed["paths"].replace("from .base import APP", "from .base import NOPE")
    with pytest.raises(build.BuildError, match="defines no"):
        build._check(changed)


def test_runs_as_a_module():
    proc = subprocess.run(
        [sys.executable, "-m", "context_recall.claude_code.build", "--check"],
        capture_output=True, timeout=60, cwd=build.HERE.parents[1],
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
