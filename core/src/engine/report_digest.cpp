#include "engine/report_digest.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace moodle_sync {
namespace {

constexpr std::size_t kChangesShown = 20;   // entries per component before "and N more"
constexpr std::size_t kProblemNames = 5;    // entities named per cause before "and N more"
constexpr std::size_t kProblemGroups = 12;  // causes listed before "and N more causes"

// Problems first, worst first: what stopped an entity, then what it held back.
int problem_rank(const std::string& outcome) {
  static const std::vector<std::string> order = {"failed", "blocked", "conflict", "stale", "skipped"};
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (outcome.find(order[i]) != std::string::npos) return static_cast<int>(i);
  }
  return -1;
}

std::string text_of(const json& v, const char* key) {
  return v.is_object() && v.contains(key) && v[key].is_string() ? v[key].get<std::string>() : std::string();
}

bool has_error(const json& e) { return e.contains("error") && e["error"].is_object() && !e["error"].empty(); }

bool is_problem(const json& e) { return problem_rank(text_of(e, "outcome")) >= 0 || has_error(e); }

std::string label_of(const json& e);

// A message without the entity's own label, so that the same failure of two entities reads alike.
std::string without_label(std::string message, const std::string& label) {
  for (auto at = message.find(label); at != std::string::npos; at = message.find(label)) {
    std::size_t end = at + label.size();
    if (message.compare(end, 2, ", ") == 0) end += 2;
    message.erase(at, end - at);
  }
  return message;
}

// Why an entity is a problem, in words shared by every entity with the same cause: a failure is
// told by its class and the Moodle error code or the field it concerns, else by its message.
std::string cause_of(const json& e) {
  const std::string outcome = text_of(e, "outcome");
  if (outcome == "skipped" && !text_of(e, "cause").empty()) return "held back by " + text_of(e, "cause");
  if (has_error(e)) {
    const json& error = e["error"];
    std::string cause = text_of(error, "class").empty() ? "error" : text_of(error, "class");
    if (!text_of(error, "errorcode").empty()) cause += " " + text_of(error, "errorcode");
    if (!text_of(error, "field").empty()) cause += " in field " + text_of(error, "field");
    if (text_of(error, "errorcode").empty() && text_of(error, "field").empty()) cause += ": " + without_label(text_of(error, "message"), label_of(e));
    return cause;
  }
  if (!text_of(e, "note").empty()) return text_of(e, "note");
  if (!text_of(e, "cause").empty()) return text_of(e, "cause");
  return outcome;
}

// The first entity's own message, shown beside a cause told by error code or field alone.
std::string example_of(const json& e) {
  if (!has_error(e)) return "";
  const json& error = e["error"];
  return text_of(error, "errorcode").empty() && text_of(error, "field").empty() ? "" : text_of(error, "message");
}

std::string label_of(const json& e) {
  std::string id = text_of(e, "id").empty() ? text_of(e, "uuid") : text_of(e, "id");
  if (e.contains("id") && e["id"].is_number()) id = e["id"].dump();
  return text_of(e, "resource") + " " + id;
}

json entry_of(const json& e, bool with_fields) {
  json entry = {{"label", label_of(e)}, {"outcome", text_of(e, "outcome")}};
  if (e.contains("moodle_id") && !e["moodle_id"].is_null()) entry["moodle_id"] = e["moodle_id"];
  for (const char* key : {"planned", "note"}) {
    if (!text_of(e, key).empty()) entry[key] = e[key];
  }
  json fields = json::array();
  if (with_fields && e.contains("changes") && e["changes"].is_object()) {
    for (const auto& [field, change] : e["changes"].items()) {
      json row = {{"field", field}};
      row["old"] = change.is_object() && change.contains("old") ? change["old"] : json();
      row["new"] = change.is_object() && change.contains("new") ? change["new"] : json();
      fields.push_back(std::move(row));
    }
  }
  entry["changes"] = std::move(fields);
  return entry;
}

struct ComponentDigest {
  std::map<std::string, int> counts;
  std::vector<json> changed;  // updates and other changes first, then creations
  std::vector<json> created;
  std::vector<json> quiet;    // unchanged and ignored: listed only when verbose
};

json collapse(std::vector<json> entries, std::size_t shown, bool verbose) {
  json out = {{"entries", json::array()}, {"more", 0}, {"more_by_outcome", json::object()}};
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (verbose || i < shown) {
      out["entries"].push_back(std::move(entries[i]));
      continue;
    }
    out["more"] = out["more"].get<int>() + 1;
    const std::string outcome = entries[i]["outcome"].get<std::string>();
    out["more_by_outcome"][outcome] = out["more_by_outcome"].value(outcome, 0) + 1;
  }
  return out;
}

}  // namespace

json digest_report(const json& in) {
  if (!in.is_object() || !in.contains("report") || !in["report"].is_object()) throw std::invalid_argument("input \"report\" must be an object");
  const json& report = in["report"];
  const bool verbose = in.value("verbose", false);
  const std::size_t shown = in.value("shown", kChangesShown);
  const std::size_t names = verbose ? SIZE_MAX : in.value("names_shown", kProblemNames);

  std::vector<std::string> order;  // components as the report lists them
  std::map<std::string, ComponentDigest> components;
  struct Group {
    std::string outcome, cause, example;
    json entities = json::array();
    std::size_t count = 0, first = 0;
  };
  std::map<std::pair<std::string, std::string>, Group> groups;
  const json entities = report.value("entities", json::array());
  for (std::size_t i = 0; i < entities.size(); ++i) {
    const json& e = entities[i];
    if (!e.is_object()) continue;
    const std::string component = text_of(e, "component").empty() ? "(none)" : text_of(e, "component");
    const std::string outcome = text_of(e, "outcome");
    if (!components.count(component)) order.push_back(component);
    ComponentDigest& c = components[component];
    c.counts[outcome] += 1;
    if (is_problem(e)) {
      Group& g = groups[{outcome, cause_of(e)}];
      if (g.count == 0) g = {outcome, cause_of(e), example_of(e), json::array(), 0, i};
      if (g.entities.size() < names) g.entities.push_back(label_of(e));
      g.count += 1;
    } else if (outcome == "unchanged" || outcome == "ignored" || outcome == "postponed") {  // postponed: the summary says how many
      if (verbose) c.quiet.push_back(entry_of(e, false));
    } else if (outcome == "created") {
      c.created.push_back(entry_of(e, verbose));
    } else {
      c.changed.push_back(entry_of(e, true));
    }
  }

  json summary = json::array(), changes = json::array();
  for (const auto& name : order) {
    ComponentDigest& c = components[name];
    int total = 0;
    json counts = json::object();
    for (const auto& [outcome, n] : c.counts) {
      counts[outcome] = n;
      total += n;
    }
    summary.push_back({{"component", name}, {"total", total}, {"outcomes", counts}});
    std::vector<json> listed = std::move(c.changed);
    for (auto& x : c.created) listed.push_back(std::move(x));
    for (auto& x : c.quiet) listed.push_back(std::move(x));
    if (listed.empty()) continue;
    json block = collapse(std::move(listed), shown, verbose);
    block["component"] = name;
    changes.push_back(std::move(block));
  }

  std::vector<Group> sorted;
  for (auto& [key, g] : groups) sorted.push_back(std::move(g));
  std::stable_sort(sorted.begin(), sorted.end(), [](const Group& a, const Group& b) {
    int ra = problem_rank(a.outcome), rb = problem_rank(b.outcome);
    if (ra != rb) return (ra < 0 ? 99 : ra) < (rb < 0 ? 99 : rb);
    if (a.count != b.count) return a.count > b.count;
    return a.first < b.first;
  });
  json problems = json::array();
  std::size_t hidden_groups = 0, hidden_entities = 0;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (!verbose && i >= kProblemGroups) {
      ++hidden_groups;
      hidden_entities += sorted[i].count;
      continue;
    }
    const Group& g = sorted[i];
    json problem = {{"outcome", g.outcome}, {"cause", g.cause}, {"count", g.count}, {"entities", g.entities},
                    {"more", g.count - g.entities.size()}};
    if (!g.example.empty()) problem["example"] = g.example;
    problems.push_back(std::move(problem));
  }

  json out = {{"dry_run", report.value("dry_run", false)},
              {"site_guard", report.value("site_guard", json::object())},
              {"notes", report.value("notes", json::array())},
              {"summary", summary},
              {"totals", report.value("summary", json::object())},
              {"problems", problems},
              {"more_problems", {{"causes", hidden_groups}, {"entities", hidden_entities}}},
              {"changes", changes},
              {"calls", report.value("calls", json::object())}};
  // A plan's: the writes a sync of it would send (the calls above are the reads it made).
  if (report.contains("planned_calls")) out["planned_calls"] = report["planned_calls"];
  if (report.contains("fatal") && !report["fatal"].is_null()) out["fatal"] = report["fatal"];
  if (report.contains("stopped") && report["stopped"].is_object()) out["stopped"] = report["stopped"];
  if (report.contains("exit_code")) out["exit_code"] = report["exit_code"];
  // The removal guard is shown only when it had something to say (it stopped, or was overridden).
  const json& removals = report.value("removal_guard", json());
  if (removals.is_object() && removals.value("verdict", "pass") != "pass") out["removal_guard"] = removals;
  return out;
}

}  // namespace moodle_sync
