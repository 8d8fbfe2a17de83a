# Shared by scripts/run-bot and scripts/test: make .venv with the pinned dependencies.
# Sourced, not run. Uses only python3 (3.11 or newer) and its venv module.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
VENV="${VENV:-$ROOT/.venv}"

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Python 3.11 or newer is needed (found: $("$PYTHON" --version 2>&1 || echo none))." >&2
  exit 1
fi

ensure_venv() {  # $1: extras, e.g. "" or "[dev]"
  local extras="$1" stamp="$VENV/.installed$1"
  if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV" || {
      echo "Could not create a virtualenv; on Debian/Ubuntu: apt-get install python3-venv" >&2
      exit 1
    }
  fi
  # Reinstall only when the dependency files changed since the last install.
  if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ] \
      || [ "$ROOT/requirements/constraints.txt" -nt "$stamp" ]; then
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
      -c "$ROOT/requirements/constraints.txt" -e "$ROOT$extras"
    touch "$stamp"
  fi
}
