"""The layering of docs/architecture.md is enforced by import-linter (pyproject.toml); `make test`
runs `lint-imports` first. Here: the contracts hold, and a new cycle between apps breaks them."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=root, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=120,
    )


def test_import_contracts_hold():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout[-2000:]


def test_a_content_module_importing_knowledge_breaks_the_contracts(tmp_path):
    for app in APPS:
        shutil.copytree(ROOT / app, tmp_path / app, ignore=shutil.ignore_patterns("templates", "static", "*.pyc"))
    reading = tmp_path / "content" / "reading.py"
    reading.write_text(reading.read_text(encoding="utf-8") + "\n\ndef _panel():\n    from knowledge import tracing  # noqa\n", encoding="utf-8")
    result = lint(tmp_path)
    assert result.returncode != 0
    assert "content.reading -> knowledge.tracing" in result.stdout
