#!/usr/bin/env bash
# Installs what a fresh machine lacks (Debian packages, npm packages) and builds both cores.
# Safe to run again: it only installs what is missing and the builds are incremental.
#   WITH_BROWSER=1  also install Chromium (for the browser tests)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
command -v cmake >/dev/null || packages+=(cmake)
command -v g++ >/dev/null || packages+=(g++)
[ -f /usr/include/gtest/gtest.h ] || packages+=(libgtest-dev)
command -v em++ >/dev/null || packages+=(emscripten)
[ -f /usr/include/nlohmann/json.hpp ] || packages+=(nlohmann-json3-dev)
command -v node >/dev/null || packages+=(nodejs npm)
command -v faketime >/dev/null || packages+=(faketime)  # the tests run again with the clock moved ahead
if [ "${WITH_BROWSER:-0}" = 1 ] && [ ! -x /usr/bin/chromium ]; then packages+=(chromium); fi

if [ ${#packages[@]} -gt 0 ]; then
  echo "setup: installing ${packages[*]}" >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${packages[@]}" >/dev/null
fi

# npm ci only when the installed packages do not satisfy package.json. Not by file dates: a fresh
# clone's package-lock.json is always the newer file, and npm ci would empty a node_modules that is
# a symlink to a shared one.
if ! npm ls --depth=0 >/dev/null 2>&1; then
  echo "setup: installing npm packages" >&2
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi

bash scripts/build.sh >/dev/null
