// Native half of the planning benchmarks: the dry-run preview of the input bench/plan-bench.mjs
// writes (a generated site of about 25,000 entities), or with `plan` as operation the plan of
// bench/plan-100k-bench.mjs's input (against its Moodle snapshot), through the same JSON API the
// WebAssembly build exposes. Prints the time of the JSON parse, of the planning and of the answer's dump.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>

#include "moodle_sync/api.hpp"

using moodle_sync::json;

namespace {

double since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s INPUT.json [runs] [preview | plan]\n", argv[0]);
    return 2;
  }
  std::ifstream file(argv[1], std::ios::binary);
  std::stringstream buffer;
  buffer << file.rdbuf();
  const std::string text = buffer.str();
  const int runs = argc > 2 ? std::atoi(argv[2]) : 3;
  const std::string operation = argc > 3 ? argv[3] : "preview";
  double best_parse = 1e300, best_plan = 1e300, best_dump = 1e300, best_total = 1e300;  // each part's best
  double best_cpu = 1e300;  // CPU time of the call: steadier than wall time on a busy machine
  std::size_t entities = 0;
  for (int run = 0; run < runs; ++run) {
    // The whole call as the WebAssembly build makes it: text in, text out.
    auto start = std::chrono::steady_clock::now();
    std::clock_t cpu_start = std::clock();
    std::string out = moodle_sync::call_api_text(operation, text, true);  // ASCII, as bindings.cpp asks
    double total = since(start);
    best_cpu = std::min(best_cpu, 1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC);
    // Its JSON ends, timed apart: the parse of the input and the dump of the answer.
    auto parse_start = std::chrono::steady_clock::now();
    json input = json::parse(text);
    double parse = since(parse_start);
    json answer = json::parse(out);
    auto dump_start = std::chrono::steady_clock::now();
    std::string again = answer.dump(-1, ' ', true, json::error_handler_t::replace);
    double dump = since(dump_start);
    if (again != out) {
      std::fprintf(stderr, "%s: the answer's text is not the dump of its value\n", operation.c_str());
      return 1;
    }
    if (!answer.value("ok", false)) {
      std::fprintf(stderr, "%s failed: %s\n", operation.c_str(), out.substr(0, 2000).c_str());
      return 1;
    }
    entities = answer["value"]["entities"].size();
    best_total = std::min(best_total, total);
    best_parse = std::min(best_parse, parse);
    best_dump = std::min(best_dump, dump);
    best_plan = std::min(best_plan, total - parse - dump);
  }
  std::printf("native: %zu entities; %s %.0f ms, CPU %.0f ms (about: parse of the input %.0f ms, dump of the answer %.0f ms, planning %.0f ms)\n", entities,
              operation.c_str(), best_total, best_cpu, best_parse, best_dump, best_plan);
  return 0;
}
