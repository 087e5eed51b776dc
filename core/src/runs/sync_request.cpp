#include "runs/sync_request.hpp"

#include "drupal/since.hpp"
#include "moodle_sync/drupal_source.hpp"

namespace moodle_sync {
namespace {

bool flag(const json& body, const char* key) {
  if (!body.contains(key)) return false;
  if (!body[key].is_boolean()) throw SyncRequestError(std::string("body.") + key, "expected true or false, got " + body[key].dump());
  return body[key].get<bool>();
}

long long budget_of(const json& value, const std::string& path) {
  if (!value.is_number_integer() || value.get<long long>() < kMinBudgetMs || value.get<long long>() > kMaxBudgetMs) {
    throw SyncRequestError(path, "expected whole milliseconds from " + std::to_string(kMinBudgetMs) + " to " +
                                     std::to_string(kMaxBudgetMs) + ", got " + value.dump());
  }
  return value.get<long long>();
}

// `since` as given, checked: the host passes it on to the reads unchanged.
std::string since_of(const json& value) {
  try {
    drupal::parse_since(value);
  } catch (const DrupalInputError&) {
    throw SyncRequestError("body.since", "expected an RFC 3339 time such as \"2026-11-20T10:15:00Z\" or unix seconds, got " + value.dump());
  }
  return value.is_string() ? value.get<std::string>() : std::to_string(value.get<long long>());
}

bool full_run_stopped(const json& journal) {
  for (const auto& r : journal) {
    if (r.is_object() && r.value("kind", json()) == "resume" && r.value("mode", json()) == "full") return true;
  }
  return false;
}

}  // namespace

json decide_sync_request(const json& in) {
  const json journal = in.value("journal", json::array());
  if (!journal.is_array()) throw SyncRequestError("journal", "expected the state store's records (an array)");
  const json body = in.contains("body") && !in["body"].is_null() ? in["body"] : json::object();
  if (!body.is_object()) throw SyncRequestError("body", "expected a JSON object such as {\"full\": true}, got " + body.dump());
  for (const auto& [key, value] : body.items()) {
    if (key != "full" && key != "since" && key != "budget_ms" && key != "scan_deletions") {
      throw SyncRequestError("body." + key, "unknown field (expected full, since, budget_ms or scan_deletions)");
    }
  }
  const long long budget = body.contains("budget_ms") ? budget_of(body["budget_ms"], "body.budget_ms")
                                                      : budget_of(in.value("default_budget_ms", json(20000)), "default_budget_ms");
  const bool full = flag(body, "full");
  const bool census = flag(body, "scan_deletions");
  if (full && body.contains("since")) throw SyncRequestError("body.since", "a full read reads everything: give since only without full");
  // A full run its budget stopped goes on as a full read until one ends: only that read may
  // remove what Drupal no longer has, and the marks of an incremental read were not moved.
  const bool resumed = !body.contains("full") && !body.contains("since") && full_run_stopped(journal);
  json reads = json::array();
  if (full || resumed) {
    reads.push_back({{"mode", "full"}});
  } else {
    json incremental = {{"mode", "incremental"}};
    if (body.contains("since")) incremental["since"] = since_of(body["since"]);
    reads.push_back(incremental);
    if (census) reads.push_back({{"mode", "census"}});
  }
  return {{"reads", reads}, {"budget_ms", budget}, {"resumed", resumed}};
}

}  // namespace moodle_sync
