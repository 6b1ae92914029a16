#!/usr/bin/env bash
# The pre-commit hook (.pre-commit-hooks.yaml): runs this checkout's CLI, building it first if needed.
#
# pre-commit clones this repository at the hook's rev and runs this script from the clone, with the
# arguments of the hook's entry (scan --staged). The first run builds dist/ there (npm ci, then esbuild,
# as "npm install" would: a minute, dependencies from the npm registry); later runs reuse it. It is not a
# `language: node` hook because pre-commit cannot install one that builds: newer pre-commits install it
# with "npm install -g git+file://…", which gives the build no dev dependencies (npm/cli#8440), and older
# ones read the build's output as the name of the packed tarball.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
built="$here/dist/.pre-commit-built"

if [[ ! -f $built ]]; then
  command -v npm >/dev/null || { echo "premortem: the pre-commit hook needs Node.js 20 or later, with npm, on the PATH" >&2; exit 2; }
  # Two hooks running at once (two repositories, one pre-commit cache) build one at a time.
  lock="$here/.pre-commit-build.lock"
  locked=false
  for _ in $(seq 600); do
    if mkdir "$lock" 2>/dev/null; then locked=true; break; fi
    sleep 1
  done
  $locked || { echo "premortem: gave up waiting for another build of the CLI ($lock)" >&2; exit 2; }
  trap 'rmdir "$lock" 2>/dev/null || true' EXIT
  if [[ ! -f $built ]]; then
    echo "premortem: building the CLI for pre-commit, once (npm ci in $here)" >&2
    (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && node esbuild.mjs) >&2
    touch "$built"
  fi
  rmdir "$lock" 2>/dev/null || true
  trap - EXIT
fi

exec node "$here/dist/cli.js" "$@"
