#!/usr/bin/env bash
# Installs the browser tests' npm tools (axe-core, pinned in package.json and package-lock.json) into
# node_modules/. The tests load axe-core into the page from there; nothing is fetched while they run.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v npm >/dev/null 2>&1; then
    echo "npm is missing: install Node.js and npm (Debian: apt-get install -y nodejs npm)" >&2
    exit 1
fi
npm ci --no-audit --no-fund --loglevel=error
echo "test tools installed: axe-core $(node -p 'require("./node_modules/axe-core/package.json").version')"
