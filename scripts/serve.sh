#!/usr/bin/env bash
# Installs what is missing, builds the browser app and serves it on 127.0.0.1.
# Usage: scripts/serve.sh [port]   (default 8080; the URL is printed when it is ready)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${1:-${PORT:-8080}}"
bash "$ROOT/scripts/install-deps.sh"
bash "$ROOT/scripts/build-web.sh"
exec node "$ROOT/scripts/serve.mjs" "$ROOT/build-wasm/web" --host 127.0.0.1 --port "$PORT"
