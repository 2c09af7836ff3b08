"""Imports point one way (pyproject.toml [tool.importlinter]), and the check can fail.

The contracts are run by `lint-imports` on the real tree, then on a copy of it with one reverse
import added per layer boundary: each must be reported, so the check in `make test` is not vacuous."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("newsroom", "reader", "desk", "issues", "articles", "core")
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(cwd), "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def tree_copy(tmp_path):
    """The project's packages (Python files only) and pyproject.toml, in a temporary directory."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=lambda directory, names: (
                [name for name in names if not name.endswith(".py") and not (Path(directory) / name).is_dir()]
                + ["__pycache__"]
            ),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_contracts_hold_on_the_tree_and_are_not_empty():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout
    assert "newsroom > reader | desk > issues > articles > core KEPT" in result.stdout
    assert "the reader site and the desk are independent KEPT" in result.stdout


@pytest.mark.parametrize(
    ("module", "reverse_import", "contract"),
    [
        (
            "core/publishing.py",
            "import articles.models",
            "newsroom > reader | desk > issues > articles > core",
        ),
        ("articles/models.py", "import issues.models", "newsroom > reader | desk > issues > articles > core"),
        (
            "issues/structure.py",
            "import desk.services",
            "newsroom > reader | desk > issues > articles > core",
        ),
        (
            "issues/exporting.py",
            "import reader.selectors",
            "newsroom > reader | desk > issues > articles > core",
        ),
        ("reader/views.py", "import newsroom.urls", "newsroom > reader | desk > issues > articles > core"),
        ("reader/preview.py", "import desk.editing", "the reader site and the desk are independent"),
        ("desk/services.py", "import reader.caching", "the reader site and the desk are independent"),
    ],
)
def test_a_reverse_import_is_reported(tree_copy, module, reverse_import, contract):
    path = tree_copy / module
    path.write_text(path.read_text() + f"\n{reverse_import}  # a deliberate reverse import\n")
    result = lint_imports(tree_copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{contract} BROKEN" in result.stdout
    importer = module.removesuffix(".py").replace("/", ".")
    assert importer in result.stdout
