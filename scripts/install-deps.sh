#!/usr/bin/env bash
# Installs everything the build and the tests need, from Debian's archive and the npm registry.
# Idempotent: each step checks first and does nothing when its part is already there, so
# `scripts/serve.sh` and `scripts/test.sh` can call it on every run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache"
IMGUI_VERSION="1.90.1"
IMGUI_DIR="$CACHE/imgui-$IMGUI_VERSION"
mkdir -p "$CACHE"

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# --- Debian packages -------------------------------------------------------------------------
DEBS=(emscripten nlohmann-json3-dev doctest-dev libbenchmark-dev chromium cmake g++
      fonts-noto-core fonts-noto-cjk fonts-droid-fallback python3-fonttools xz-utils ca-certificates
      # scripts/fuzz.sh: clang 14 and its libFuzzer, ASan and UBSan runtimes (libclang_rt.*.a)
      clang libclang-rt-14-dev)
missing=()
# Node may come from another packaging that already bundles npm; install Debian's only if absent.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
for p in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "[deps] installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# --- Dear ImGui 1.90.1 sources from Debian's `imgui` source package ----------------------------
# Debian's binary libimgui-dev is native-only; the wasm build needs the sources. They come from
# the trixie source package through a private apt configuration so the system's sources stay
# untouched. The archive mirror is read from the system's own apt sources.
if [ ! -f "$IMGUI_DIR/imgui.cpp" ]; then
  echo "[deps] fetching Dear ImGui $IMGUI_VERSION sources (Debian source package)"
  APT_TMP="$CACHE/apt-imgui"
  rm -rf "$APT_TMP"; mkdir -p "$APT_TMP/lists/partial" "$APT_TMP/archives/partial"
  MIRROR=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    MIRROR="$(awk '/^URIs:/ {print $2}' /etc/apt/sources.list.d/debian.sources | grep -v security | head -n1)"
  fi
  if [ -z "$MIRROR" ] && [ -f /etc/apt/sources.list ]; then
    MIRROR="$(awk '$1=="deb" {for(i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' /etc/apt/sources.list | grep -v security | head -n1)"
  fi
  if [ -z "$MIRROR" ]; then echo "[deps] cannot find a Debian mirror in the apt sources" >&2; exit 1; fi
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR trixie main" > "$APT_TMP/sources.list"
  APT_OPTS=(-o "Dir::Etc::SourceList=$APT_TMP/sources.list" -o Dir::Etc::SourceParts=/dev/null
            -o "Dir::State::Lists=$APT_TMP/lists" -o "Dir::Cache::Archives=$APT_TMP/archives"
            -o APT::Sandbox::User=root)
  apt-get "${APT_OPTS[@]}" update -qq
  (cd "$APT_TMP" && apt-get "${APT_OPTS[@]}" source --download-only "imgui=$IMGUI_VERSION+ds-1")
  tar -xf "$APT_TMP"/imgui_"$IMGUI_VERSION"+ds.orig.tar.xz -C "$CACHE"
  if [ ! -f "$IMGUI_DIR/imgui.cpp" ]; then echo "[deps] unpacked ImGui but $IMGUI_DIR/imgui.cpp is missing" >&2; exit 1; fi
  rm -rf "$APT_TMP"
fi

# --- npm packages: playwright-core (browser tests), pouchdb-server (sync tests) --------------------
# npm ci again whenever the lock file is newer than the installed tree (a package was added).
if [ ! -d "$ROOT/node_modules/playwright-core" ] || [ ! -d "$ROOT/node_modules/pouchdb-server" ] ||
   [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
  echo "[deps] npm ci"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
fi
