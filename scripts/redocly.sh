#!/usr/bin/env bash
# The pinned OpenAPI linter (@redocly/cli from npm) in .tools/redocly, for the tests that lint both hosts' documents.
#   redocly.sh ensure   install Node.js and npm from Debian's packages when missing (root only), then the pinned
#                       @redocly/cli into .tools/redocly unless that version is already there
#   redocly.sh path     print the linter's path
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=2.77.0
DIR=.tools/redocly
BIN=$DIR/node_modules/.bin/redocly

ensure() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "Node.js and npm are missing. Install them with 'sudo apt-get install -y nodejs npm' and run again." >&2
      exit 1
    fi
    echo "Installing Node.js and npm from the Debian packages..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >&2
  fi
  if [ -x "$BIN" ] && [ "$(REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true "$BIN" --version 2>/dev/null)" = "$VERSION" ]; then
    return 0
  fi
  echo "Installing @redocly/cli $VERSION into $DIR..." >&2
  rm -rf "$DIR"
  mkdir -p "$DIR"
  npm install --prefix "$DIR" --no-save --no-audit --no-fund --loglevel=error "@redocly/cli@$VERSION" >&2
  [ "$(REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true "$BIN" --version 2>/dev/null)" = "$VERSION" ] || { echo "redocly.sh: @redocly/cli $VERSION did not install" >&2; exit 1; }
}

case "${1:-}" in
  ensure) ensure ;;
  path) echo "$PWD/$BIN" ;;
  *) echo "usage: scripts/redocly.sh ensure|path" >&2; exit 2 ;;
esac
