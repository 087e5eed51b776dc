// The Moodle reads a read-only host may send (op moodle_reads) against what the engine sends: every
// sync vector of tests/vectors is run again as a dry run (an observe), its reads answered as its
// Moodle answered them, and every call it makes must be in the list; every function in the list is
// sent by some dry run (the list is not padded); no function that writes is in it.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "components/registry.hpp"
#include "engine/moodle_reads.hpp"
#include "moodle_sync/api.hpp"
#include "moodle_sync/engine.hpp"
#include "sync_vectors.hpp"

namespace moodle_sync {
namespace {

using testing_vectors::dry_run;
using testing_vectors::sync_cases;
using testing_vectors::SyncCase;

// Every wsfunction a dry run of the case sends.
std::set<std::string> dry_run_calls(const SyncCase& c) {
  std::set<std::string> sent;
  auto engine = dry_run(c, [&sent](const json& a) { sent.insert(a["wsfunction"].get<std::string>()); });
  EXPECT_TRUE(engine) << c.name;
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
      if (settings.is_object() && settings.contains("membership")) covered.insert("memberships");  // configured with the cohorts
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
