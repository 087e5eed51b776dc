// Native half of the codec benchmark: 10,000 course items encoded in max_input_vars-sized batches
// and their answers decoded, through the same JSON API the WebAssembly build exposes
// (bench/codec-bench.mjs runs the identical workload in wasm and prints the ratio).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <string>

#include "moodle_sync/api.hpp"

using moodle_sync::json;

namespace {

json course_item(int i) {
  return {{"fullname", "Kurs " + std::to_string(i) + " — Grundlagen & Praxis <Teil 1>"},
          {"shortname", "K-" + std::to_string(i)},
          {"categoryid", 1 + i % 200},
          {"idnumber", std::to_string(100000 + i)},
          {"summary", "<p>Einführung in Thema " + std::to_string(i) + ", mit Übungen.</p>"},
          {"summaryformat", 1},
          {"startdate", 1767225600 + i},
          {"visible", true}};
}

}  // namespace

int main(int argc, char** argv) {
  const int items = argc > 1 ? std::atoi(argv[1]) : 10000;
  json courses = json::array();
  for (int i = 0; i < items; ++i) courses.push_back(course_item(i));

  auto start = std::chrono::steady_clock::now();
  std::clock_t cpu_start = std::clock();  // CPU time: steadier than wall time on a busy machine
  // Batches sized by the budget: the same plan the sync uses.
  json sizes = json::array();
  for (const auto& c : courses) sizes.push_back(8);
  json plan = moodle_sync::call_api("plan_batches", {{"items", sizes}, {"budget", 5000}, {"max_items", 100}});
  std::size_t bytes = 0, calls = 0;
  for (const auto& b : plan["value"]) {
    json batch = json::array();
    for (std::size_t i = b["begin"]; i < b["end"].get<std::size_t>(); ++i) batch.push_back(courses[i]);
    json in = {{"wsfunction", "core_course_create_courses"}, {"params", {{"courses", batch}}}};
    std::string encoded = moodle_sync::call_api_text("encode_call", in.dump());
    bytes += encoded.size();
    json answer = json::array();
    for (std::size_t i = b["begin"]; i < b["end"].get<std::size_t>(); ++i) {
      answer.push_back({{"id", 1000 + i}, {"shortname", "K-" + std::to_string(i)}});
    }
    std::string decoded = moodle_sync::call_api_text("decode_answer", json{{"status", 200}, {"body", answer.dump()}}.dump());
    bytes += decoded.size();
    ++calls;
  }
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  double cpu_ms = 1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("{\"build\":\"native\",\"items\":%d,\"calls\":%zu,\"ms\":%.1f,\"cpu_ms\":%.1f,\"bytes\":%zu,\"peak_rss_kb\":%ld}\n", items,
              calls, ms, cpu_ms, bytes, usage.ru_maxrss);
  return 0;
}
