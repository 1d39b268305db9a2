"""Self-test of tests/tools/vnu.py: the Nu HTML Checker runs on the
machine's Java and reports errors per document."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))  # `tests.tools` from any cwd

from tests.tools.vnu import format_errors, validate_files, validate_strings  # noqa: E402

GOOD = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Valid</title></head>
<body><main><h1>Valid</h1><p>Fine.</p></main></body>
</html>
"""

BAD = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Invalid</title></head>
<body><main><p><div>block in a paragraph</p></div><img src="x.png"></main></body>
</html>
"""


def test_good_and_bad_html():
    result = validate_strings({"good.html": GOOD, "bad.html": BAD})
    assert result["good.html"] == [], format_errors(result)
    bad = result["bad.html"]
    assert bad, "vnu reported no error for invalid HTML"
    assert all(e["type"] == "error" for e in bad)
    messages = " ".join(e["message"] for e in bad)
    assert "alt" in messages  # <img> without alt
    assert "bad.html" in format_errors(result)


def test_files_are_keyed_by_path(tmp_path):
    good = tmp_path / "a b.html"  # a space: vnu reports it percent-encoded
    good.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / "bad.html"
    bad.write_text(BAD, encoding="utf-8")
    result = validate_files([good, bad])
    assert set(result) == {good.resolve(), bad.resolve()}
    assert result[good.resolve()] == []
    assert result[bad.resolve()]
