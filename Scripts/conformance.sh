#!/usr/bin/env bash
# Runs the Python conformance suite: the official Intercom Python SDK against the sandbox binary.
#
#   Scripts/conformance.sh [SANDBOX_BINARY] [run.py options...]
#
# SANDBOX_BINARY defaults to .build/debug/intercom-sandbox. Nothing is built here: build the sandbox
# first. The script creates (or reuses) a virtual environment in .venv at the repository root and
# installs Conformance/python/requirements.txt into it when they change. Extra arguments go to run.py,
# e.g. --only contacts or --verbose. PYTHON selects the interpreter for a new .venv (default python3).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

sandbox="${1:-.build/debug/intercom-sandbox}"
if [ "$#" -gt 0 ]; then
    shift
fi

if [ ! -x "$sandbox" ]; then
    echo "conformance: sandbox binary not found or not executable: $sandbox (build it first)" >&2
    exit 2
fi

venv="$repo_root/.venv"
requirements="$repo_root/Conformance/python/requirements.txt"
stamp="$venv/.conformance-requirements"

if [ ! -x "$venv/bin/python" ]; then
    "${PYTHON:-python3}" -m venv "$venv"
fi
if ! cmp -s "$requirements" "$stamp"; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$stamp"
fi

export PYTHONDONTWRITEBYTECODE=1
exec "$venv/bin/python" "$repo_root/Conformance/python/run.py" --sandbox "$sandbox" "$@"
