// Batches cut to fit and sized from measurement: the byte budget (max_request_bytes) beside the
// max_input_vars one, a request PHP dropped for its size split until the item too large stands
// alone, and batch sizes that follow the time per item the host measured (given here as data).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include "engine/batch_sizes.hpp"
#include "moodle/request_bytes.hpp"
#include "moodle_sync/engine.hpp"
#include "moodle_sync/rest_request.hpp"

namespace moodle_sync {
namespace {

// ---- Request bytes: counted without building the body, equal to what encode_call builds

TEST(RequestBytes, ItemBytesAddUpToTheEncodedBody) {
  json items = json::array();
  for (int i = 0; i < 10; ++i) {
    items.push_back({{"fullname", "Kurs " + std::to_string(i) + " – Éléments & <b>"},
                     {"visible", i % 2 == 0},
                     {"startdate", 1764000000.0 + i},
                     {"ratio", 0.5},
                     {"missing", nullptr},
                     {"customfields", json::array({{{"shortname", "level"}, {"value", "B1"}}})}});
  }
  const std::string body = encode_call("core_course_create_courses", {{"courses", items}}).body;
  std::size_t sum = request_overhead_bytes("core_course_create_courses");
  for (const auto& item : items) sum += item_request_bytes("courses", item, index_digits(items.size()));
  EXPECT_EQ(sum, request_bytes(body));
  EXPECT_EQ(request_bytes(body), body.size() + 73) << "wstoken=<64 characters>& in front";
}

TEST(RequestBytes, IndexDigitsBoundTheLargerLists) {
  EXPECT_EQ(index_digits(1), 1u);
  EXPECT_EQ(index_digits(10), 1u);
  EXPECT_EQ(index_digits(11), 2u);
  EXPECT_EQ(index_digits(100), 2u);
  EXPECT_EQ(index_digits(101), 3u);
}

// ---- Sizes from measured times

// A Moodle-like call: 150 ms fixed, and per item `at_100` ms at 100 items, 4x that at 300.
double model_ms(std::size_t n, double at_100) {
  const double exponent = std::log(4.0) / std::log(3.0);
  return 150 + static_cast<double>(n) * at_100 * std::pow(static_cast<double>(n) / 100, exponent);
}

std::size_t fastest_on_ladder(std::size_t ceiling, double at_100) {
  std::size_t best = ceiling;
  for (std::size_t size : size_ladder(ceiling)) {
    if (model_ms(size, at_100) / size < model_ms(best, at_100) / best) best = size;
  }
  return best;
}

TEST(BatchSizes, LadderFallsByAboutAThirdToOne) {
  EXPECT_EQ(size_ladder(100), (std::vector<std::size_t>{100, 67, 45, 30, 20, 13, 9, 6, 4, 3, 2, 1}));
  EXPECT_EQ(size_ladder(2), (std::vector<std::size_t>{2, 1}));
  EXPECT_EQ(size_ladder(1), (std::vector<std::size_t>{1}));
}

TEST(BatchSizes, TheCeilingBeforeAnyMeasurement) {
  FunctionTimes times;
  EXPECT_EQ(times.next(100), 100u);
}

TEST(BatchSizes, SettleOnTheFastestSizePerItem) {
  for (double at_100 : {15.0, 9.0, 5.0}) {
    FunctionTimes times;
    std::vector<std::size_t> chosen;
    for (int call = 0; call < 12; ++call) {
      std::size_t n = times.next(100);
      chosen.push_back(n);
      times.note(n, model_ms(n, at_100), 100);
    }
    const std::size_t best = fastest_on_ladder(100, at_100);
    EXPECT_LT(best, 100u) << "the model's best is below the ceiling";
    EXPECT_EQ(times.next(100), best) << at_100 << " ms per item";
    // It went down while the time per item fell and tried one size past the best, no further.
    EXPECT_EQ(chosen.front(), 100u);
    EXPECT_EQ(chosen.back(), best);
    const std::vector<std::size_t> ladder = size_ladder(100);
    const std::size_t below_best = ladder[std::find(ladder.begin(), ladder.end(), best) - ladder.begin() + 1];
    for (std::size_t n : chosen) EXPECT_GE(n, below_best) << at_100 << " ms per item";
  }
}

TEST(BatchSizes, ConstantTimePerCallKeepsTheCeiling) {
  FunctionTimes times;
  for (int call = 0; call < 6; ++call) {
    std::size_t n = times.next(100);
    times.note(n, 400, 100);  // each call costs the same: bigger is better
  }
  EXPECT_EQ(times.next(100), 100u);
}

TEST(BatchSizes, ShrinkWhenTheTimePerItemRises) {
  FunctionTimes times;
  for (int call = 0; call < 6; ++call) times.note(times.next(100), 0.0 + 1000, 100);  // settles at 100
  ASSERT_EQ(times.next(100), 100u);
  // Moodle got slow on big batches: 100 items now take 20 s.
  times.note(100, 20000, 100);
  times.note(100, 20000, 100);
  EXPECT_LT(times.next(100), 100u);
}

TEST(BatchSizes, ABatchCutShortCountsForTheNearestSize) {
  FunctionTimes times;
  times.note(7, 70, 100);  // 10 ms per item, counted for 6 (log distance) or 9
  auto measured = times.per_item_ms();
  ASSERT_EQ(measured.size(), 1u);
  EXPECT_TRUE(measured.count(6) || measured.count(9));
  EXPECT_DOUBLE_EQ(measured.begin()->second, 10.0);
}

// ---- The engine: batches cut to the byte budget and to the measured size

json config(json moodle) {
  moodle["url"] = "https://moodle.example.edu";
  moodle["retry_delay_ms"] = 0;
  return {{"site", {{"urls", {"https://learn.example.edu"}}}},
          {"source", {{"path", "export"}}},
          {"moodle", moodle},
          {"components",
           {{"courses",
             {{"bundle", "course"}, {"idnumber_pattern", "course-{id}"}, {"category", {{"fixed", 1}}},
              {"mapping", {{"fullname", "title"}, {"shortname", "field_code"}, {"summary", "body"}}}}}}}};
}

json documents(int courses, const std::map<int, std::size_t>& summary_bytes) {
  json data = json::array();
  for (int nid = 1; nid <= courses; ++nid) {
    auto big = summary_bytes.find(nid);
    data.push_back({{"type", "node--course"},
                    {"id", "n" + std::to_string(nid)},
                    {"attributes",
                     {{"drupal_internal__nid", nid}, {"title", "Course " + std::to_string(nid)}, {"field_code", "C" + std::to_string(nid)},
                      {"body", big == summary_bytes.end() ? "About " + std::to_string(nid) : std::string(big->second, 'x')},
                      {"field_moodle_id", ""}}}});
  }
  return {{"data", data}};
}

json named(const json& document) { return json::array({{{"name", "courses"}, {"document", document}}}); }

struct SyncRun {
  json report;
  std::vector<std::size_t> create_sizes;       // items of each create call, in order
  std::size_t largest_request = 0;             // bytes the host would send, the token included
};

// A Moodle that creates what it reads; `post_max_size`: a bigger request is dropped whole and
// answered as PHP + Moodle answer it. `ms_per_call(items)`: the time the host measures.
SyncRun sync(const json& cfg, const json& docs, std::size_t post_max_size, const std::function<double(std::size_t)>& ms_per_call) {
  json error;
  auto engine = make_engine({{"config", cfg}, {"site_url", "https://learn.example.edu"}, {"documents", named(docs)}, {"journal", json::array()}}, error);
  EXPECT_TRUE(engine) << error.dump();
  SyncRun out;
  if (!engine) return out;
  long long next_id = 2;
  for (int guard = 0; guard < 20000; ++guard) {
    json a = engine->next();
    if (a["kind"] == "done") break;
    json result = {{"ok", true}};
    if (a["kind"] == "call") {
      const std::string fn = a["wsfunction"];
      const std::size_t bytes = request_bytes(a["body"].get<std::string>());
      out.largest_request = std::max(out.largest_request, bytes);
      if (bytes > post_max_size) {
        result = {{"status", 200}, {"content_type", "application/xml; charset=utf-8"},
                  {"body", "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<EXCEPTION class=\"core\\exception\\moodle_exception\">\n"
                           "<ERRORCODE>invalidtoken</ERRORCODE>\n<MESSAGE>Invalid token - token not found</MESSAGE>\n</EXCEPTION>\n"}};
      } else if (fn == "core_course_create_courses") {
        json made = json::array();
        for (const auto& item : a["params"]["courses"]) made.push_back({{"id", next_id++}, {"shortname", item["shortname"]}});
        out.create_sizes.push_back(a["params"]["courses"].size());
        result = {{"status", 200}, {"body", made.dump()}, {"elapsed_ms", ms_per_call(a["params"]["courses"].size())}};
      } else {
        result = {{"status", 200}, {"body", fn == "core_course_get_courses" ? R"([{"id":1,"shortname":"site","categoryid":0,"fullname":"Site","idnumber":"","format":"site"}])" : "[]"}};
      }
    }
    engine->feed(result);
  }
  out.report = engine->report();
  return out;
}

const json* entity(const json& report, int nid) {
  for (const auto& e : report["entities"]) {
    if (e["id"] == nid || e["id"] == std::to_string(nid)) return &e;
  }
  return nullptr;
}

std::size_t outcome_count(const json& report, const std::string& outcome) { return report["summary"].value(outcome, 0); }

double courses_ms(std::size_t n) { return model_ms(n, 15); }

TEST(BatchPlanning, RequestsFitTheByteBudgetAndAnItemTooLargeFailsAlone) {
  // 60 courses of 1,000-byte summaries under a 16 KiB budget; course 7 alone needs 20,000 bytes.
  std::map<int, std::size_t> sizes;
  for (int nid = 1; nid <= 60; ++nid) sizes[nid] = 1000;
  sizes[7] = 20000;
  SyncRun run = sync(config({{"max_request_bytes", 16384}, {"adaptive_batches", false}}), documents(60, sizes), 1 << 30, courses_ms);
  EXPECT_LE(run.largest_request, 16384u);
  EXPECT_EQ(outcome_count(run.report, "created"), 59u) << run.report["summary"].dump();
  EXPECT_EQ(outcome_count(run.report, "failed"), 1u);
  const json* big = entity(run.report, 7);
  ASSERT_TRUE(big);
  EXPECT_EQ((*big)["error"]["class"], "data");
  EXPECT_NE((*big)["error"]["message"].get<std::string>().find("too large: its request would be 20,"), std::string::npos) << big->dump();
  EXPECT_NE((*big)["error"]["message"].get<std::string>().find("more than the max_request_bytes budget of 16,384"), std::string::npos);
  EXPECT_GT(run.create_sizes.size(), 3u) << "cut by bytes, not by max_batch_items";
}

TEST(BatchPlanning, ARequestPhpDroppedForItsSizeIsSplitAndTheItemTooLargeFailsAlone) {
  // The site's post_max_size (40,000 bytes) is below the budget: PHP drops a bigger body whole.
  std::map<int, std::size_t> sizes;
  for (int nid = 1; nid <= 40; ++nid) sizes[nid] = 2000;
  sizes[23] = 50000;
  SyncRun run = sync(config({{"adaptive_batches", false}}), documents(40, sizes), 40000, courses_ms);
  EXPECT_EQ(outcome_count(run.report, "created"), 39u) << run.report["summary"].dump();
  EXPECT_EQ(outcome_count(run.report, "failed"), 1u);
  EXPECT_FALSE(run.report.contains("fatal")) << run.report["fatal"].dump();
  const json* big = entity(run.report, 23);
  ASSERT_TRUE(big);
  EXPECT_EQ((*big)["error"]["class"], "data");
  const std::string message = (*big)["error"]["message"];
  EXPECT_NE(message.find("too large"), std::string::npos) << message;
  EXPECT_EQ(message.find("XML"), std::string::npos) << message;
  EXPECT_NE(message.find("max_request_bytes budget is 8,388,608"), std::string::npos) << message;
}

TEST(BatchPlanning, ASmallRequestAnsweredInXmlIsNoSizeProblem) {
  // A body smaller than one Moodle read in this run was not dropped for its size: still fatal.
  SyncRun run = sync(config({{"adaptive_batches", false}}), documents(3, {}), 10, courses_ms);
  EXPECT_TRUE(run.report.contains("fatal")) << run.report.dump();
}

TEST(BatchPlanning, BatchSizesFollowTheMeasuredTimePerItem) {
  SyncRun run = sync(config({}), documents(1500, {}), 1 << 30, courses_ms);
  EXPECT_EQ(outcome_count(run.report, "created"), 1500u);
  ASSERT_GT(run.create_sizes.size(), 5u);
  EXPECT_EQ(run.create_sizes[0], 100u) << "max_batch_items before any measurement";
  EXPECT_EQ(run.create_sizes[1], 67u);
  const std::size_t best = fastest_on_ladder(100, 15);
  EXPECT_EQ(run.create_sizes[run.create_sizes.size() - 2], best) << "the last full batch";
  double adaptive_ms = 0, fixed_ms = 0;
  for (std::size_t n : run.create_sizes) adaptive_ms += courses_ms(n);
  SyncRun fixed = sync(config({{"adaptive_batches", false}}), documents(1500, {}), 1 << 30, courses_ms);
  EXPECT_EQ(fixed.create_sizes, std::vector<std::size_t>(15, 100));
  for (std::size_t n : fixed.create_sizes) fixed_ms += courses_ms(n);
  EXPECT_LT(adaptive_ms, 0.75 * fixed_ms) << adaptive_ms << " ms against " << fixed_ms;
}

TEST(BatchPlanning, ADryRunPlansTheBatchesWithinTheByteBudget) {
  std::map<int, std::size_t> sizes;
  for (int nid = 1; nid <= 30; ++nid) sizes[nid] = 3000;
  json answer = plan_sync({{"config", config({{"max_request_bytes", 16384}})}, {"site_url", "https://learn.example.edu"},
                           {"documents", named(documents(30, sizes))}, {"journal", json::array()}, {"snapshot", json::object()}});
  ASSERT_TRUE(answer.value("ok", false)) << answer.dump();
  const json& plan = answer["value"];
  // Five 3,000-byte summaries fit in 16 KiB with the rest of each item: 30 courses, 6 requests.
  EXPECT_EQ(plan["planned_calls"]["by_function"]["core_course_create_courses"], json({{"requests", 6}, {"items", 30}})) << plan["planned_calls"].dump();
}

}  // namespace
}  // namespace moodle_sync
