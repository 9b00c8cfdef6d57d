#!/usr/bin/env bash
# Fuzzes a freshly started sandbox with schemathesis, generating requests from Intercom's 2.14 description
# in ../shared and checking every answer: no server errors, answers that conform to the schema, documented
# status codes and content types. Known differences between the description and the live API are in
# Conformance/schemathesis/schemathesis.toml, each with its reason.
#
#   Scripts/schemathesis.sh [SANDBOX_BINARY] [schemathesis run options...]
#
# SANDBOX_BINARY defaults to .build/debug/intercom-sandbox (build it first; nothing is built here).
# MAX_EXAMPLES (default 10) bounds the generated cases per operation and TIME_LIMIT (default 900 s) the run.
# The virtual environment is its own, in .venv-schemathesis at the repository root.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

sandbox="${1:-.build/debug/intercom-sandbox}"
if [ "$#" -gt 0 ]; then
    shift
fi
spec="$repo_root/../shared/intercom-openapi/2.14/api.intercom.io.json"
if [ ! -x "$sandbox" ]; then
    echo "schemathesis: sandbox binary not found or not executable: $sandbox (build it first)" >&2
    exit 2
fi
if [ ! -f "$spec" ]; then
    echo "schemathesis: $spec is missing" >&2
    exit 2
fi

venv="$repo_root/.venv-schemathesis"
requirements="$repo_root/Conformance/schemathesis/requirements.txt"
stamp="$venv/.schemathesis-requirements"
if [ ! -x "$venv/bin/python" ]; then
    "${PYTHON:-python3}" -m venv "$venv"
fi
if ! cmp -s "$requirements" "$stamp"; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$stamp"
fi

# A copy of the binary, so a rebuild during the run cannot disturb it; port 0 lets it pick a free port.
workdir="$(mktemp -d)"
log="$workdir/sandbox.log"
cp "$sandbox" "$workdir/intercom-sandbox"
"$workdir/intercom-sandbox" --host 127.0.0.1 --port 0 --seed sample --rate-limit 0 >"$log" 2>&1 &
sandbox_pid=$!
cleanup() {
    kill "$sandbox_pid" 2>/dev/null || true
    wait "$sandbox_pid" 2>/dev/null || true
    rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

base_url=""
for _ in $(seq 1 300); do
    base_url="$(sed -n 's/.*listening on \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$log" | head -n 1)"
    if [ -n "$base_url" ]; then
        break
    fi
    if ! kill -0 "$sandbox_pid" 2>/dev/null; then
        echo "schemathesis: the sandbox exited before listening:" >&2
        cat "$log" >&2
        exit 1
    fi
    sleep 0.1
done
if [ -z "$base_url" ]; then
    echo "schemathesis: the sandbox printed no address within 30 s" >&2
    exit 1
fi
echo "schemathesis: sandbox at $base_url"

export INTERCOM_SANDBOX_TOKEN="sandbox-token"
timeout "${TIME_LIMIT:-900}" "$venv/bin/schemathesis" \
    --config-file "$repo_root/Conformance/schemathesis/schemathesis.toml" \
    run "$spec" \
    --url "$base_url" \
    --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
    --max-examples "${MAX_EXAMPLES:-10}" \
    --seed "${SCHEMATHESIS_SEED:-1}" \
    --continue-on-failure \
    "$@"
# The sandbox must still be serving after the run.
"$venv/bin/python" - "$base_url" <<'PYTHON'
import sys, urllib.request
request = urllib.request.Request(
    sys.argv[1] + "/sandbox/status",
    headers={"Authorization": "Bearer sandbox-token", "Accept": "application/json"},
)
with urllib.request.urlopen(request, timeout=10) as response:
    if response.status != 200:
        sys.exit(f"schemathesis: the sandbox answered {response.status} after the run")
PYTHON
echo "schemathesis: the sandbox still answers"
