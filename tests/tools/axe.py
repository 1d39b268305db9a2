"""Run axe-core (npm package ``axe-core``) in a Playwright page.

    from tests.tools.axe import run_axe, format_violations

    page.goto(url)
    violations = run_axe(page)
    assert not violations, format_violations(violations)

The script is evaluated through the DevTools protocol, so a page's
Content-Security-Policy does not stop it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from . import NODE_MODULES, SETUP_HINT

AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"

# Standards checked by default: WCAG 2.0, 2.1 and 2.2, levels A and AA.
DEFAULT_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")


@lru_cache(maxsize=1)
def axe_source() -> str:
    if not AXE_JS.is_file():
        raise FileNotFoundError(f"{AXE_JS} is missing: {SETUP_HINT} (npm ci)")
    return AXE_JS.read_text(encoding="utf-8")


def inject_axe(page: Any) -> None:
    """Load axe-core into ``page`` (a ``playwright.sync_api.Page``) once."""
    if page.evaluate("() => typeof window.axe === 'object'"):
        return
    # A bare script (not a function) is evaluated as-is by Playwright.
    page.evaluate(axe_source() + "\n;void 0;")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        raise RuntimeError("axe-core did not load into the page")


def run_axe(
    page: Any,
    context: Any = None,
    options: dict | None = None,
    *,
    tags: tuple[str, ...] | list[str] | None = DEFAULT_TAGS,
) -> list[dict]:
    """Inject axe-core and run it; return its ``violations`` list.

    ``context``: what to check (CSS selector or axe context object; default
    the whole document). ``options``: axe ``run`` options; when it has no
    ``runOnly``, ``tags`` (default WCAG 2.x A/AA; None for every rule) is used.
    """
    inject_axe(page)
    opts = dict(options or {})
    if tags and "runOnly" not in opts:
        opts["runOnly"] = {"type": "tag", "values": list(tags)}
    results = page.evaluate(
        """async ([context, options]) => {
            const r = await window.axe.run(context ?? document, options);
            return r.violations;
        }""",
        [context, opts],
    )
    return results


def format_violations(violations: list[dict]) -> str:
    """A readable summary for assertion messages."""
    lines = [f"{len(violations)} axe violation(s):"]
    for v in violations:
        lines.append(f"- [{v.get('impact')}] {v['id']}: {v['help']} ({v.get('helpUrl', '')})")
        for node in v.get("nodes", [])[:5]:
            lines.append(f"    {json.dumps(node.get('target'))}: {node.get('failureSummary', '').strip()}")
        if len(v.get("nodes", [])) > 5:
            lines.append(f"    ... and {len(v['nodes']) - 5} more")
    return "\n".join(lines)
