#!/usr/bin/env bash
# Installs what `npm run test:e2e` needs: a real VS Code (code-server, VS Code's own server and web
# workbench, from the npm registry) and Debian's Chromium, which playwright-core drives headlessly.
# Nothing is downloaded except from the npm registry and Debian's packages.
#
# Usage: scripts/setup-e2e.sh            (prints the code-server executable's path on its last line)
# Cache: $PREMORTEM_E2E_CACHE, default ~/.cache/premortem-e2e (outside the repo, kept between runs).
# A first install takes a few minutes; afterwards the script returns at once.
set -euo pipefail

version=4.100.3   # the newest code-server whose engines field accepts Node 20 (VS Code 1.100)
prefix=${PREMORTEM_E2E_CACHE:-$HOME/.cache/premortem-e2e}
bin="$prefix/node_modules/.bin/code-server"

log() { echo "setup-e2e: $*" >&2; }

# System packages: Chromium for the browser side; libkrb5-dev to build code-server's kerberos module;
# ripgrep, whose binary @vscode/ripgrep would otherwise download from outside the package registries.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v rg >/dev/null || missing+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if ((${#missing[@]})); then
  if [[ $(id -u) != 0 ]]; then
    log "missing Debian packages: ${missing[*]} (install them as root: apt-get install ${missing[*]})"
    exit 1
  fi
  log "apt-get install ${missing[*]}"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

installed_version() {
  node -p "require('$prefix/node_modules/code-server/package.json').version" 2>/dev/null || true
}
if [[ -x $bin && $(installed_version) == "$version" ]]; then
  echo "$bin"
  exit 0
fi

# @vscode/ripgrep's postinstall looks for a cached archive in <tmpdir>/vscode-ripgrep-cache-<its version>/
# before it downloads anything: seed those caches with Debian's rg, so the install stays offline.
# The versions cover the @vscode/ripgrep releases that VS Code 1.100's dependency ranges can resolve to.
tmp=$(node -p "require('os').tmpdir()")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$(command -v rg)" "$work/rg"
for pv in 1.15.9 1.15.10 1.15.11 1.15.14 1.16.0 1.17.0; do
  mkdir -p "$tmp/vscode-ripgrep-cache-$pv"
  for rv in v13.0.0-4 v13.0.0-10 v13.0.0-13; do
    archive="$tmp/vscode-ripgrep-cache-$pv/ripgrep-$rv-x86_64-unknown-linux-musl.tar.gz"
    [[ -f $archive ]] || tar czf "$archive" -C "$work" rg
  done
done

mkdir -p "$prefix"
cd "$prefix"
[[ -f package.json ]] || echo '{"name":"premortem-e2e-host","private":true}' > package.json
log "npm install code-server@$version into $prefix (a few minutes; log in $prefix/install.log)"
# --unsafe-perm: code-server's postinstall refuses to run as root otherwise.
# npm_config_yes: node-pty's postinstall calls npx, which would otherwise wait for a prompt.
if ! npm_config_yes=true npm install --no-audit --no-fund --unsafe-perm "code-server@$version" >"$prefix/install.log" 2>&1; then
  tail -n 40 "$prefix/install.log" >&2
  exit 1
fi
[[ -x $bin ]] || { log "no $bin after the install"; exit 1; }
echo "$bin"
