#!/usr/bin/env bash
# Builds the libFuzzer fuzzers (tests/fuzz/, with Debian's clang, AddressSanitizer and
# UndefinedBehaviorSanitizer) into build/fuzz and runs each for SECONDS (default 60), starting from
# its corpus in tests/fuzz/<name>/. Prints the executions and crashes of each; exits 1 when one
# crashed (the input that did is kept in build/fuzz/crashes/<name>/).
#   bash scripts/fuzz.sh [SECONDS]
#   FUZZERS="answer encode" bash scripts/fuzz.sh [SECONDS]   only these (config, jsonapi, answer, encode)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
[[ $seconds =~ ^[1-9][0-9]*$ ]] || { echo "usage: scripts/fuzz.sh [seconds per fuzzer]" >&2; exit 2; }
read -r -a fuzzers <<<"${FUZZERS:-config jsonapi answer encode}"

# clang-14 and its sanitizer and libFuzzer runtimes (libclang_rt.fuzzer), from Debian.
if ! command -v clang++-14 >/dev/null || ! compgen -G '/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a' >/dev/null; then
  echo "fuzz: installing clang-14 libclang-rt-14-dev" >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends clang-14 libclang-rt-14-dev >/dev/null
fi

launcher=(); command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)  # the sanitized core takes long to build
mkdir -p build
cmake -S tests/fuzz -B build/fuzz -DCMAKE_CXX_COMPILER=clang++-14 "${launcher[@]}" >build/fuzz-configure.log 2>&1 || { cat build/fuzz-configure.log >&2; exit 1; }
cmake --build build/fuzz -j"$(nproc 2>/dev/null || echo 2)" --target "${fuzzers[@]/#/fuzz_}" >build/fuzz-build.log 2>&1 || { tail -n 40 build/fuzz-build.log >&2; exit 1; }

failed=0
printf '%-8s %12s %8s\n' fuzzer executions crashes
for name in "${fuzzers[@]}"; do
  corpus=build/fuzz/corpus/$name    # what the run finds; the seeds in tests/fuzz/ stay as they are
  crashes=build/fuzz/crashes/$name
  log=build/fuzz/$name.log
  mkdir -p "$corpus" "$crashes"
  rm -f "$crashes"/*
  status=0
  build/fuzz/fuzz_"$name" "$corpus" "tests/fuzz/$name" -dict=tests/fuzz/json.dict -max_total_time="$seconds" \
    -timeout=20 -rss_limit_mb=2048 -max_len=32768 -print_final_stats=1 -artifact_prefix="$crashes/" >"$log" 2>&1 || status=$?
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  found=$(find "$crashes" -type f | wc -l)
  if [ "$status" -ne 0 ] && [ "$found" -eq 0 ]; then found=1; fi  # a crash libFuzzer could not save
  printf '%-8s %12s %8s\n' "$name" "${executions:-?}" "$found"
  if [ "$found" -ne 0 ]; then
    failed=1
    grep -m1 -E 'ERROR: (AddressSanitizer|libFuzzer|UndefinedBehaviorSanitizer)|runtime error:' "$log" >&2 || true
    find "$crashes" -type f -printf '  kept: %p\n' >&2
    echo "  log: $log" >&2
  fi
done
exit "$failed"
