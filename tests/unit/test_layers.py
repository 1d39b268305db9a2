"""The stages of generator/ keep to their layers: imports go one way (the import-linter
contracts in pyproject.toml), and no module uses another module's private names."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "generator"


# -- import layers ---------------------------------------------------------------------------


def test_the_import_layer_contracts_hold():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    assert lint_imports.is_file(), (
        f"{lint_imports} is missing: import-linter is not installed in this environment — "
        "run ./scripts/test, which installs requirements/test.lock"
    )
    result = subprocess.run(
        [str(lint_imports), "--no-cache", "--no-logo"],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, (
        f"lint-imports found broken contracts (see [tool.importlinter] in pyproject.toml):\n"
        f"{result.stdout}\n{result.stderr}"
    )


# -- private names ---------------------------------------------------------------------------


def _is_private(name: str) -> bool:
    """`_name` (and `__name`, which is more private still) but not a `__dunder__`."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_uses(source: str, path: str) -> list[str]:
    """Every `from X import _name` and every `expr._name` whose `expr` is not plain `self` or
    `cls`, as `path:line: what` lines."""
    found = []
    for node in ast.walk(ast.parse(source, filename=path)):
        if isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            for alias in node.names:
                if _is_private(alias.name):
                    found.append(f"{path}:{node.lineno}: imports the private name {alias.name!r} from {module}")
        elif isinstance(node, ast.Attribute) and _is_private(node.attr):
            if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                continue
            found.append(
                f"{path}:{node.lineno}: reaches into the private attribute {ast.unparse(node.value)}.{node.attr}"
            )
    return found


def test_no_module_uses_another_modules_private_names():
    offenders = []
    for path in sorted(GENERATOR.rglob("*.py")):
        offenders += private_uses(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    assert not offenders, (
        "private names used across objects or modules (make them public, or "
        "move the code that needs them):\n" + "\n".join(offenders)
    )


def test_the_private_name_check_finds_offenders():
    source = (
        "from generator.x import _y, public, __all__\n"
        "\n"
        "def f(other, self):\n"
        "    self._fine = cls._fine_too = other.__class__\n"
        "    return other._z\n"
    )
    assert private_uses(source, "generator/example.py") == [
        "generator/example.py:1: imports the private name '_y' from generator.x",
        "generator/example.py:5: reaches into the private attribute other._z",
    ]
