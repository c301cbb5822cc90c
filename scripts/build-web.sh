#!/usr/bin/env bash
# Builds the browser app into build-wasm/web (page, app.js, app.wasm, licences).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Debian's emscripten needs Debian's acorn for its JS optimizer.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
JOBS="$(nproc 2>/dev/null || echo 2)"
if [ ! -f "$ROOT/build-wasm/CMakeCache.txt" ]; then
  emcmake cmake -S "$ROOT" -B "$ROOT/build-wasm" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$ROOT/build-wasm" -j "$JOBS"
