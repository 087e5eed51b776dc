// The report and the plan the hosts receive as text, written entity by entity, are the very bytes
// of the whole value's text: checked on every sync vector, as a sync and as a dry run, and the
// plan's verdict is the whole plan's.
#include <gtest/gtest.h>

#include "moodle_sync/engine.hpp"
#include "sync_vectors.hpp"

namespace moodle_sync {
namespace {

using testing_vectors::SyncCase;

std::string whole_text(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

// The case's own run, fed its scripted answers as replay_engine feeds them.
std::unique_ptr<Engine> replayed(const SyncCase& c) {
  json error;
  auto engine = make_engine(c.input, error);
  if (!engine) return nullptr;
  const json answers = c.input.value("answers", json::array());
  std::size_t next = 0;
  testing_vectors::drive(*engine, testing_vectors::AnswerThatThrows::stops_the_run, [&](const json&) {
    return next < answers.size() ? answers[next++] : json{{"status", 0}, {"transport_error", "no scripted answer"}};
  });
  return engine;
}

TEST(ReportText, EverySyncVectorsReportAndPlanTextIsTheWholeValuesText) {
  std::size_t compared = 0;
  for (const SyncCase& c : testing_vectors::sync_cases()) {
    auto run = replayed(c);
    ASSERT_TRUE(run) << c.name;
    EXPECT_EQ(run->report_text(), whole_text(run->report())) << c.name;
    auto dry = testing_vectors::dry_run(c, [](const json&) {});
    ASSERT_TRUE(dry) << c.name;
    EXPECT_EQ(dry->report_text(), whole_text(dry->report())) << c.name;
    for (bool allow : {false, true}) {
      json plan = dry->plan(allow);
      EXPECT_EQ(dry->plan_text(allow), whole_text(plan)) << c.name;
      json verdict = dry->plan_verdict(allow);
      EXPECT_EQ(verdict, (json{{"apply", plan["apply"]}, {"exit_code", plan["exit_code"]}, {"removal_guard", plan["removal_guard"]}})) << c.name;
    }
    ++compared;
  }
  EXPECT_GT(compared, 50u);
}

}  // namespace
}  // namespace moodle_sync
