#!/usr/bin/env bash
# Regenerates the SDK's generated code (and the CLI's generated commands) from the Intercom 2.14, 2.15 and 2.16 OpenAPI descriptions.
#
#   Generator/regenerate.sh            write Sources/Intercom/Generated, the spec example tests and
#                                      Generator/COVERAGE.md
#   Generator/regenerate.sh --check    generate into a temporary directory and compare with what is
#                                      committed; exits 1 when they differ (for CI)
#   Generator/regenerate.sh --preview  write into Generator/Preview instead (nothing outside Generator/)
#
# The specs are not part of the repository: they are read from ../shared/intercom-openapi/<version>
# beside the repository (or from $INTERCOM_OPENAPI_DIR/<version>). When one is absent the script says so
# and exits 0, except under CI=true, where that is a failure.
set -euo pipefail

generator_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(cd "$generator_dir/.." && pwd)"
spec_dir="${INTERCOM_OPENAPI_DIR:-$repo_dir/../shared/intercom-openapi}"

mode="write"
case "${1:-}" in
  "") ;;
  --check) mode="check" ;;
  --preview) mode="preview" ;;
  -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
  *) echo "usage: $0 [--check|--preview]" >&2; exit 2 ;;
esac

for version in 2.14 2.15 2.16; do
  if [ ! -f "$spec_dir/$version/api.intercom.io.json" ]; then
    if [ "${CI:-}" = "true" ]; then
      echo "regenerate.sh: $spec_dir/$version is absent, and CI needs it." >&2
      exit 1
    fi
    echo "regenerate.sh: $spec_dir/$version is absent; skipping code generation."
    exit 0
  fi
done

swift build --package-path "$generator_dir" --configuration release --product intercom-generator >&2
generator="$(swift build --package-path "$generator_dir" --configuration release --show-bin-path)/intercom-generator"

generate() { # <sources dir> <tests dir> <coverage file> <CLI commands dir>
  "$generator" "$spec_dir" "$1" --tests "$2" --coverage "$3" --cli "$4" --config "$generator_dir"
}

case "$mode" in
  write)
    generate "$repo_dir/Sources/Intercom/Generated" "$repo_dir/Tests/IntercomTests/Generated" "$generator_dir/COVERAGE.md" \
      "$repo_dir/Sources/IntercomCLI/Generated"
    ;;
  preview)
    generate "$generator_dir/Preview" "$generator_dir/Preview/Tests" "$generator_dir/Preview/COVERAGE.md" "$generator_dir/Preview/CLI"
    ;;
  check)
    scratch="$(mktemp -d)"
    trap 'rm -rf "$scratch"' EXIT
    generate "$scratch/Sources" "$scratch/Tests" "$scratch/COVERAGE.md" "$scratch/CLI" >/dev/null
    status=0
    for pair in "Sources:$repo_dir/Sources/Intercom/Generated" "Tests:$repo_dir/Tests/IntercomTests/Generated" \
      "CLI:$repo_dir/Sources/IntercomCLI/Generated"; do
      fresh="$scratch/${pair%%:*}"
      committed="${pair#*:}"
      if ! diff -r -u "$committed" "$fresh"; then status=1; fi
    done
    if ! diff -u "$generator_dir/COVERAGE.md" "$scratch/COVERAGE.md"; then status=1; fi
    if [ "$status" -ne 0 ]; then
      echo "regenerate.sh: the generated code is out of date; run Generator/regenerate.sh and commit the result." >&2
      exit 1
    fi
    echo "regenerate.sh: the generated code is up to date."
    ;;
esac
