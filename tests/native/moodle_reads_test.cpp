// The Moodle reads a read-only host may send (op moodle_reads) against what the engine sends: every
// sync vector of tests/vectors is run again as a dry run (an observe), its reads answered as its
// Moodle answered them, and every call it makes must be in the list; every function in the list is
// sent by some dry run (the list is not padded); no function that writes is in it.
#include <gtest/gtest.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "components/registry.hpp"
#include "engine/moodle_reads.hpp"
#include "moodle_sync/api.hpp"
#include "moodle_sync/engine.hpp"

namespace fs = std::filesystem;

namespace moodle_sync {
namespace {

json read_vector(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

// A sync case of a vector file (completion pulls and pushes are runs of their own, not observes).
struct SyncCase {
  std::string name;
  json input;
  json expect;
};

std::vector<SyncCase> sync_cases() {
  std::vector<SyncCase> out;
  for (const auto& entry : fs::directory_iterator(MOODLE_SYNC_VECTORS_DIR)) {
    if (entry.path().extension() != ".json") continue;
    json doc = read_vector(entry.path());
    for (const auto& c : doc.at("cases")) {
      if (c.value("operation", doc.at("operation").get<std::string>()) != "replay_engine" || c.at("input").contains("completion")) continue;
      out.push_back({entry.path().filename().string() + " / " + c.at("name").get<std::string>(), c.at("input"), c.at("expect")});
    }
  }
  return out;
}

// Moodle's answers of the vector's own run, by call (the n-th call of its actions got the n-th answer).
std::map<std::string, std::deque<json>> answers_by_call(const SyncCase& c) {
  std::map<std::string, std::deque<json>> out;
  const json answers = c.input.value("answers", json::array());
  const json actions = c.expect.contains("value") ? c.expect["value"].value("actions", json::array()) : json::array();
  std::size_t n = 0;
  for (const auto& a : actions) {
    if (!a.contains("call")) continue;
    if (n < answers.size()) out[a["call"].get<std::string>() + " " + a["params"].dump()].push_back(answers[n]);
    ++n;
  }
  return out;
}

// Every wsfunction a dry run of the case sends (a read not made by its own run: as an empty Moodle answers).
std::set<std::string> dry_run_calls(const SyncCase& c) {
  json input = c.input;
  input["dry_run"] = true;
  input.erase("answers");
  auto answers = answers_by_call(c);
  json error;
  auto engine = make_engine(input, error);
  EXPECT_TRUE(engine) << c.name << ": " << error.dump();
  std::set<std::string> sent;
  if (!engine) return sent;
  for (int guard = 0; guard < 10000; ++guard) {
    json a = engine->next();
    if (a["kind"] == "done") break;
    if (a["kind"] != "call") {
      engine->feed({{"ok", true}});
      continue;
    }
    const std::string fn = a["wsfunction"].get<std::string>();
    sent.insert(fn);
    auto& queued = answers[fn + " " + a["params"].dump()];
    json answer = {{"status", 200}, {"body", fn == "core_user_get_users" ? R"({"users":[],"warnings":[]})" : "[]"}};
    if (!queued.empty()) {
      answer = queued.front();
      if (queued.size() > 1) queued.pop_front();
    }
    engine->feed(answer);
  }
  return sent;
}

TEST(MoodleReads, EveryCallOfEveryDryRunIsInTheList) {
  std::vector<std::string> list = moodle_reads();
  std::set<std::string> reads(list.begin(), list.end());
  std::set<std::string> seen;
  std::vector<SyncCase> cases = sync_cases();
  ASSERT_GE(cases.size(), 200u);
  for (const SyncCase& c : cases) {
    for (const std::string& fn : dry_run_calls(c)) {
      EXPECT_TRUE(reads.count(fn)) << c.name << ": a dry run sends " << fn << ", which moodle_reads does not list";
      seen.insert(fn);
    }
  }
  // The list holds no function a dry run never sends (the site info is the token's check).
  for (const std::string& fn : reads) {
    if (fn != "core_webservice_get_site_info") EXPECT_TRUE(seen.count(fn)) << fn << " is listed but no dry run sends it";
  }
}

// The dry runs above cover every component and the settings that make reads of their own.
TEST(MoodleReads, TheDryRunsCoverEveryComponentAndTheRemovalPolicies) {
  std::set<std::string> covered;
  for (const SyncCase& c : sync_cases()) {
    const json& components = c.input.contains("config") ? c.input["config"].value("components", json::object()) : json::object();
    for (const auto& [name, settings] : components.items()) {
      covered.insert(name);
      if (settings.is_object() && settings.contains("deleted")) covered.insert(name + ".deleted=" + settings["deleted"].get<std::string>());
      if (settings.is_object() && settings.contains("removal")) covered.insert(name + ".removal=" + settings["removal"].get<std::string>());
      if (settings.is_object() && settings.contains("template_field")) covered.insert(name + ".template_field");
    }
  }
  for (const Component* c : components()) EXPECT_TRUE(covered.count(c->name())) << "no sync vector enables " << c->name();
  for (const char* k : {"users.deleted=suspend", "users.deleted=delete", "courses.deleted=delete", "cohorts.deleted=delete",
                        "categories.deleted=trash", "enrolments.removal=unenrol", "enrolments.removal=suspend", "courses.template_field"}) {
    EXPECT_TRUE(covered.count(k)) << "no sync vector has " << k;
  }
}

TEST(MoodleReads, NoFunctionThatWritesIsListed) {
  std::vector<std::string> list = moodle_reads();
  std::set<std::string> reads(list.begin(), list.end());
  EXPECT_EQ(reads.size(), list.size());
  EXPECT_TRUE(std::is_sorted(list.begin(), list.end()));
  // The components' batched writes.
  for (const Component* c : components()) {
    ComponentBatches b = c->batches();
    for (const auto* spec : {&b.create, &b.update, &b.remove}) {
      if (*spec) EXPECT_FALSE(reads.count((*spec)->wsfunction)) << (*spec)->wsfunction;
    }
  }
  // And by name: whatever creates, changes, copies or removes.
  static const std::regex kWrite("create|update|delete|enrol_users|unenrol|assign|duplicate|add_|set_|import|move|send");
  for (const std::string& fn : list) EXPECT_FALSE(std::regex_search(fn, kWrite)) << fn;
  for (const char* fn : {"enrol_manual_enrol_users", "enrol_manual_unenrol_users", "core_role_assign_roles", "core_role_unassign_roles",
                         "core_cohort_add_cohort_members", "core_cohort_delete_cohort_members", "core_course_duplicate_course",
                         "core_reportbuilder_set_filters"}) {
    EXPECT_FALSE(reads.count(fn)) << fn;
  }
}

TEST(MoodleReads, TheApiOperationAnswersTheList) {
  json answer = call_api("moodle_reads", json::object());
  ASSERT_TRUE(answer["ok"].get<bool>()) << answer.dump();
  EXPECT_EQ(answer["value"]["functions"], json(moodle_reads()));
}

}  // namespace
}  // namespace moodle_sync
