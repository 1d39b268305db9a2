# shellcheck shell=bash
# scripts/_setup.sh — shared set-up for ./scripts/test and ./scripts/serve.
#
# Not a command: it is sourced by those scripts (which use `set -euo pipefail`)
# and defines functions only. Everything is idempotent; each step remembers
# what it installed in a stamp file and is skipped while its inputs are
# unchanged, so a second run costs well under a second:
#
#   eupages_setup_python LOCK  .venv (created if missing) with the hashed pins
#                              of LOCK (pip --require-hashes), then the project
#                              itself as an editable install. Stamp:
#                              .venv/.lock-hash (one line per lock file).
#   eupages_setup_node         node_modules from package-lock.json (npm ci,
#                              install scripts off): the test tools and the
#                              CMS that `eupages edit` serves. Stamp:
#                              node_modules/.eupages-lock-hash.
#   eupages_setup_java         a Java runtime for the Nu HTML Checker (apt if
#                              missing).
#   eupages_setup_chromium     Debian's chromium at /usr/bin/chromium (apt if
#                              missing).
#
# Environment knobs: PYTHON (interpreter used to create .venv, default
# python3.11 or python3), EUPAGES_CHROMIUM (browser path, default
# /usr/bin/chromium).

EUPAGES_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EUPAGES_VENV="$EUPAGES_ROOT/.venv"
EUPAGES_STAMP="$EUPAGES_VENV/.lock-hash"

_eupages_log() { printf 'eupages setup: %s\n' "$*" >&2; }
_eupages_die() { printf 'eupages setup: error: %s\n' "$*" >&2; exit 1; }

_eupages_hash() { cat "$@" | sha256sum | cut -d' ' -f1; }

# Runs a command as root: directly when we are root, else through sudo.
_eupages_as_root() {
    if [[ "$(id -u)" == 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        _eupages_die "need root (or sudo) to run: $*"
    fi
}

_EUPAGES_APT_UPDATED=0
# Installs Debian packages; 'apt-get update' runs once per set-up.
_eupages_apt_install() {
    command -v apt-get >/dev/null 2>&1 \
        || _eupages_die "apt-get not found; install these packages by hand: $*"
    # Wait for another apt/dpkg run (e.g. an install in the background)
    # instead of failing on its lock.
    local wait=(-o DPkg::Lock::Timeout=900)
    if [[ "$_EUPAGES_APT_UPDATED" == 0 ]]; then
        _eupages_log "apt-get update"
        _eupages_as_root env DEBIAN_FRONTEND=noninteractive \
            apt-get "${wait[@]}" update -q >&2
        _EUPAGES_APT_UPDATED=1
    fi
    _eupages_log "apt-get install -y $*"
    _eupages_as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get "${wait[@]}" install -y -q "$@" >&2
}

_eupages_python() {
    if [[ -n "${PYTHON:-}" ]]; then
        printf '%s\n' "$PYTHON"
    elif command -v python3.11 >/dev/null 2>&1; then
        printf 'python3.11\n'
    else
        printf 'python3\n'
    fi
}

# "name==version" lines of a lock file, sorted.
_eupages_pins() {
    grep -oE '^[A-Za-z0-9._-]+==[^ ;\\]+' "$1" | sort -u
}

# True when the two lock files pin no package to two different versions,
# i.e. installing one leaves the other fully installed.
_eupages_locks_agree() {
    awk -F'==' 'NR==FNR { v[$1]=$2; next } ($1 in v) && v[$1] != $2 { bad=1 }
                END { exit bad }' \
        <(_eupages_pins "$1") <(_eupages_pins "$2")
}

# eupages_setup_python LOCKFILE (path relative to the repository root)
eupages_setup_python() {
    local lock="$1"
    local lockpath="$EUPAGES_ROOT/$lock"
    [[ -f "$lockpath" ]] || _eupages_die "$lock not found (run ./scripts/lock)"
    [[ -f "$EUPAGES_ROOT/pyproject.toml" ]] || _eupages_die "$EUPAGES_ROOT/pyproject.toml not found"

    # A venv whose interpreter no longer runs (moved, or its Python removed)
    # is rebuilt.
    if [[ -d "$EUPAGES_VENV" ]] && ! "$EUPAGES_VENV/bin/python" -c '' >/dev/null 2>&1; then
        _eupages_log "$EUPAGES_VENV is broken; recreating it"
        rm -rf "$EUPAGES_VENV"
    fi
    if [[ ! -x "$EUPAGES_VENV/bin/python" ]]; then
        local py
        py="$(_eupages_python)"
        command -v "$py" >/dev/null 2>&1 || _eupages_die "$py not found; Python 3.11 is required"
        "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
            || _eupages_die "$py is older than Python 3.11"
        "$py" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
            || _eupages_log "warning: $py is not Python 3.11, the version the locks are made for"
        _eupages_log "creating $EUPAGES_VENV with $py"
        "$py" -m venv "$EUPAGES_VENV"
    fi

    # What this install depends on: the lock, the project metadata used by the
    # editable install, and the interpreter.
    local want
    want="$(cd "$EUPAGES_ROOT" && { cat "$lock" pyproject.toml; "$EUPAGES_VENV/bin/python" -VV; } | sha256sum | cut -d' ' -f1)"
    if [[ -f "$EUPAGES_STAMP" ]] && grep -qxF "$lock $want" "$EUPAGES_STAMP"; then
        return 0
    fi

    _eupages_log "installing $lock into .venv"
    local started=$SECONDS
    "$EUPAGES_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        --require-hashes -r "$lockpath"
    # The project itself, editable; its build backend (setuptools) is pinned
    # in every lock, so no build isolation (and no unpinned download) is needed.
    "$EUPAGES_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        --no-deps --no-build-isolation -e "$EUPAGES_ROOT"

    # Record this lock; keep the record of another lock only if this install
    # cannot have changed any of its pins.
    local tmp="$EUPAGES_STAMP.tmp" line other
    : >"$tmp"
    if [[ -f "$EUPAGES_STAMP" ]]; then
        while IFS= read -r line; do
            other="${line%% *}"
            [[ "$other" == "$lock" || ! -f "$EUPAGES_ROOT/$other" ]] && continue
            _eupages_locks_agree "$lockpath" "$EUPAGES_ROOT/$other" && printf '%s\n' "$line" >>"$tmp"
        done <"$EUPAGES_STAMP"
    fi
    printf '%s %s\n' "$lock" "$want" >>"$tmp"
    mv "$tmp" "$EUPAGES_STAMP"
    _eupages_log "installed $lock in $((SECONDS - started))s"
}

eupages_setup_node() {
    if ! command -v npm >/dev/null 2>&1; then
        _eupages_apt_install nodejs npm
    fi
    local stamp="$EUPAGES_ROOT/node_modules/.eupages-lock-hash" want
    want="$(cd "$EUPAGES_ROOT" && _eupages_hash package.json package-lock.json)"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" \
          && -f "$EUPAGES_ROOT/node_modules/vnu-jar/build/dist/vnu.jar" \
          && -f "$EUPAGES_ROOT/node_modules/axe-core/axe.min.js" \
          && -f "$EUPAGES_ROOT/node_modules/decap-cms/dist/decap-cms.js" \
          && -f "$EUPAGES_ROOT/node_modules/decap-server/dist/index.js" ]]; then
        return 0
    fi
    _eupages_log "npm ci (vnu-jar, axe-core; decap-cms, decap-server and yaml for eupages edit)"
    # --ignore-scripts: vnu-jar's postinstall would download a Java runtime
    # from outside the npm registry; the jar itself is in the package and
    # runs on the machine's Java.
    (cd "$EUPAGES_ROOT" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
    printf '%s\n' "$want" >"$stamp"
}

eupages_setup_java() {
    if ! command -v java >/dev/null 2>&1; then
        _eupages_apt_install default-jre-headless
    fi
}

eupages_setup_chromium() {
    local chromium="${EUPAGES_CHROMIUM:-/usr/bin/chromium}"
    if [[ ! -x "$chromium" ]]; then
        [[ "$chromium" == /usr/bin/chromium ]] \
            || _eupages_die "EUPAGES_CHROMIUM=$chromium does not exist"
        _eupages_apt_install chromium
        [[ -x "$chromium" ]] || _eupages_die "apt-get installed chromium but $chromium is missing"
    fi
}
