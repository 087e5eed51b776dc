#!/usr/bin/env bash
# Builds the core twice from the same sources: natively (tests, benchmarks) and to WebAssembly
# (js/generated/, loaded by every JavaScript host).
set -euo pipefail
cd "$(dirname "$0")/.."
# Emscripten 3.1.6 on Debian finds its JS optimiser's acorn only through NODE_PATH.
export NODE_PATH=/usr/share/nodejs
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/native -j"$jobs"
mkdir -p build
emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >build/wasm-configure.log 2>&1 || { cat build/wasm-configure.log >&2; exit 1; }
cmake --build build/wasm -j"$jobs"
