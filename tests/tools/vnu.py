"""Validate HTML with the Nu HTML Checker (npm package ``vnu-jar``).

    from tests.tools.vnu import validate_files, validate_html, format_errors

    errors = validate_files(sorted(site_dir.rglob("*.html")))   # {path: [msg]}
    assert not any(errors.values()), format_errors(errors)

    assert validate_html("<!doctype html>...") == []

One Java process checks all the files given to one call (start-up takes a
second or two, so pass many files at once). Runs
``java -jar node_modules/vnu-jar/build/dist/vnu.jar --format json
--errors-only --exit-zero-always --stdout FILES``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlparse

from . import NODE_MODULES, SETUP_HINT

VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        raise FileNotFoundError(f"java is not installed: {SETUP_HINT}")
    if not VNU_JAR.is_file():
        raise FileNotFoundError(f"{VNU_JAR} is missing: {SETUP_HINT} (npm ci)")
    return java


def _url_to_path(url: str) -> Path | None:
    if not url.startswith("file:"):
        return None
    return Path(unquote(urlparse(url).path)).resolve()


def validate_files(
    files: Iterable[str | os.PathLike],
    *,
    filter_pattern: str | None = None,
    timeout: float = 600,
) -> dict[Path, list[dict]]:
    """Check HTML files; return ``{file: [error, ...]}`` with every given file
    as a key (an empty list means valid).

    Each error is vnu's JSON message (keys such as ``type``, ``message``,
    ``lastLine``, ``firstColumn``, ``extract``). ``filter_pattern`` is a Java
    regular expression of messages to ignore (vnu's ``--filterpattern``).
    """
    paths = [Path(f).resolve() for f in files]
    if not paths:
        return {}
    cmd = [
        _java(),
        "-Xss1024k",
        "-jar",
        str(VNU_JAR),
        "--format",
        "json",
        "--errors-only",
        "--exit-zero-always",
        "--stdout",
    ]
    if filter_pattern:
        cmd += ["--filterpattern", filter_pattern]
    cmd += [str(p) for p in paths]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(
            f"vnu gave no JSON report (exit {proc.returncode}):\n"
            f"stdout: {proc.stdout[-2000:]}\nstderr: {proc.stderr[-2000:]}"
        ) from None

    errors: dict[Path, list[dict]] = {p: [] for p in paths}
    for msg in report.get("messages", []):
        # "error", and "non-document-error" (e.g. a file that cannot be read).
        if msg.get("type") not in ("error", "non-document-error"):
            continue
        path = _url_to_path(msg.get("url", ""))
        key = path if path in errors else None
        if key is None:
            # Keep errors not tied to a given file visible all the same.
            key = Path(msg.get("url") or "<vnu>")
            errors.setdefault(key, [])
        errors[key].append(msg)
    return errors


def validate_html(html: str, name: str = "page.html", **kwargs) -> list[dict]:
    """Check one HTML document given as a string; return its errors."""
    return validate_strings({name: html}, **kwargs)[name]


def validate_strings(documents: dict[str, str], **kwargs) -> dict[str, list[dict]]:
    """Check several HTML documents ``{name: html}`` in one Java run;
    return ``{name: [error, ...]}``."""
    with tempfile.TemporaryDirectory(prefix="eupages-vnu-") as tmp:
        by_path: dict[Path, str] = {}
        for i, (name, html) in enumerate(documents.items()):
            safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
            path = Path(tmp) / f"{i:04d}-{safe}"
            if path.suffix not in (".html", ".htm", ".xhtml"):
                path = path.with_name(path.name + ".html")
            path.write_text(html, encoding="utf-8")
            by_path[path.resolve()] = name
        result = validate_files(list(by_path), **kwargs)
        return {by_path.get(p, str(p)): errs for p, errs in result.items()}


def format_errors(errors: dict) -> str:
    """A readable summary of ``validate_files``/``validate_strings`` output."""
    lines = []
    for where, errs in errors.items():
        for e in errs:
            lines.append(
                f"{where}:{e.get('lastLine', '?')}:{e.get('firstColumn', '?')}: {e.get('message', '').strip()}"
            )
    return "\n".join([f"{len(lines)} HTML error(s):"] + lines) if lines else "no HTML errors"
