#include "drupal/drupal_access_check.hpp"

#include <algorithm>
#include <set>

#include "drupal/read_plan.hpp"
#include "drupal/resource_type.hpp"
#include "moodle_sync/json_text.hpp"

namespace moodle_sync::drupal {
namespace {

// A PATCH of this uuid can only fail: 405 when JSON:API is read-only, 404 when it accepts writes.
constexpr const char* kNilUuid = "00000000-0000-0000-0000-000000000000";

json parsed(const json& answer) {
  if (!answer.contains("body") || !answer["body"].is_string()) return json();
  json doc = parse_json_or_discarded(answer["body"].get<std::string>());
  return doc.is_discarded() ? json() : doc;
}

bool succeeded(const json& answer) {
  int status = answer.value("status", 0);
  return status >= 200 && status < 300;
}

std::string what_came(const json& answer) {
  std::string transport = answer.value("transport_error", "");
  if (!transport.empty()) return "no answer (" + transport + ")";
  return "HTTP " + std::to_string(answer.value("status", 0));
}

std::string entry_type_of(const std::string& type) { return type.substr(0, type.find("--")); }

std::string bundle_of(const std::string& type) {
  auto cut = type.find("--");
  return cut == std::string::npos ? type : type.substr(cut + 2);
}

json request(const char* key, const std::string& method, const std::string& url) {
  return {{"key", key}, {"method", method}, {"url", url}};
}

std::string site_url(const Config& config) {
  std::string url = config.settings["source"].value("url", "");
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// The roles' permissions, and whether one of them is an administrator role (it may do everything).
struct Granted {
  std::set<std::string> permissions;
  bool admin = false;
};

json judge_types(const Config& config, const Granted& granted) {
  json problems = json::array();
  for (const auto& collection : read_plan(config).collections) {
    if (granted.admin) continue;
    auto needed = permissions_to_see(collection.type);
    if (needed.empty()) continue;
    bool has = std::any_of(needed.begin(), needed.end(), [&](const std::string& p) { return granted.permissions.count(p) > 0; });
    if (has) continue;
    std::string names;
    for (const auto& p : needed) names += (names.empty() ? "\"" : " or \"") + p + "\"";
    std::string why = entry_type_of(collection.type) == "registration"
                          ? ": Drupal answers with no registration at all, without an error"
                          : ": what it may not see would look deleted or be left out";
    problems.push_back("the account cannot see every " + collection.type + why + "; give its role " + names);
  }
  return problems;
}

}  // namespace

std::vector<std::string> permissions_to_see(const std::string& type) {
  std::string entity_type = entry_type_of(type);
  if (entity_type == "node") return {"bypass node access", "view any unpublished content"};
  if (entity_type == "taxonomy_term") return {"administer taxonomy"};
  if (entity_type == "user") return {"administer users"};
  if (entity_type == "registration") return {"administer registration", "administer " + bundle_of(type) + " registration"};
  if (entity_type == "profile") return {"administer profile"};
  if (entity_type == "user_role") return {"administer permissions"};
  return {};
}

json drupal_access_check(const Config& config, const json& answers) {
  json out = {{"requests", json::array()}, {"lines", json::array()}, {"notes", json::array()}, {"problems", json::array()}};
  const std::string base = site_url(config);
  auto& problems = out["problems"];
  auto& lines = out["lines"];

  if (!answers.contains("entry")) {
    out["requests"].push_back(request("entry", "GET", base + "/jsonapi"));
    return out;
  }
  const json& entry = answers["entry"];
  if (!succeeded(entry)) {
    problems.push_back("Drupal's JSON:API at " + base + "/jsonapi is not reachable: " + what_came(entry));
    return out;
  }
  json entry_doc = parsed(entry);
  lines.push_back("Drupal's JSON:API answers at " + base + "/jsonapi");
  const json* me = nullptr;
  if (entry_doc.is_object() && entry_doc.contains("meta") && entry_doc["meta"].is_object()) {
    const json& meta = entry_doc["meta"];
    if (meta.contains("links") && meta["links"].is_object() && meta["links"].contains("me")) me = &meta["links"]["me"];
  }
  if (!me || !me->is_object() || !me->contains("href") || !(*me)["href"].is_string()) {
    std::string account = answers.value("account", std::string());
    problems.push_back("Drupal answers as an anonymous visitor (no meta.links.me at " + base + "/jsonapi): the credentials" +
                       (account.empty() ? std::string() : " of \"" + account + "\"") +
                       " are not accepted (a wrong password, an unknown account, or basic_auth's flood control after 5 failures)");
    return out;
  }

  // Who the account is, and its roles.
  if (!answers.contains("me")) {
    out["requests"].push_back(request("me", "GET", (*me)["href"].get<std::string>()));
  }
  // Writes: PATCH of a uuid no entity has, in the first configured collection.
  auto plan = read_plan(config);
  if (!answers.contains("write") && !plan.collections.empty()) {
    const std::string& type = plan.collections.front().type;
    json probe = request("write", "PATCH", base + collection_path(type) + "/" + kNilUuid);
    probe["content_type"] = "application/vnd.api+json";
    probe["body"] = json({{"data", {{"type", type}, {"id", kNilUuid}, {"attributes", {{"field_moodle_id", nullptr}}}}}}).dump();
    out["requests"].push_back(probe);
  }
  if (!answers.contains("me")) return out;

  const json& me_answer = answers["me"];
  json me_doc = parsed(me_answer);
  if (!succeeded(me_answer) || !me_doc.is_object() || !me_doc.contains("data") || !me_doc["data"].is_object()) {
    problems.push_back("the account's own user resource (" + me_answer.value("url", std::string("meta.links.me")) + ") could not be read: " +
                       what_came(me_answer));
    return out;
  }
  const json& user = me_doc["data"];
  const json attributes = user.contains("attributes") && user["attributes"].is_object() ? user["attributes"] : json::object();
  std::string name = attributes.contains("name") && attributes["name"].is_string() ? attributes["name"].get<std::string>()
                     : attributes.contains("display_name") && attributes["display_name"].is_string() ? attributes["display_name"].get<std::string>()
                                                                                                    : user.value("id", std::string("?"));
  lines.push_back("the credentials are valid: Drupal answers as \"" + name + "\"");

  json role_refs = json::array();
  if (user.contains("relationships") && user["relationships"].is_object() && user["relationships"].contains("roles") &&
      user["relationships"]["roles"].is_object()) {
    json data = user["relationships"]["roles"].value("data", json::array());
    if (data.is_array()) role_refs = data;
  }
  if (!answers.contains("roles")) {
    for (const auto& ref : role_refs) {
      if (ref.is_object() && ref.contains("id") && ref["id"].is_string()) {
        out["requests"].push_back(request("roles", "GET", base + "/jsonapi/user_role/user_role/" + ref["id"].get<std::string>()));
      }
    }
    if (!out["requests"].empty()) return out;
  }

  Granted granted;
  bool roles_read = true;
  for (const auto& role : answers.value("roles", json::array())) {
    json doc = parsed(role);
    if (!succeeded(role) || !doc.is_object() || !doc.contains("data") || !doc["data"].is_object()) {
      roles_read = false;
      out["notes"].push_back("the permissions of the role " + role.value("url", std::string("?")) + " could not be read (" + what_came(role) +
                             "): what the account may see is not verified");
      continue;
    }
    json a = doc["data"].value("attributes", json::object());
    if (!a.is_object()) a = json::object();
    if (a.value("is_admin", json(false)) == json(true)) granted.admin = true;
    json permissions = a.value("permissions", json::array());
    for (const auto& p : permissions.is_array() ? permissions : json::array()) {
      if (p.is_string()) granted.permissions.insert(p.get<std::string>());
    }
  }
  if (roles_read) {
    json type_problems = judge_types(config, granted);
    if (type_problems.empty()) lines.push_back("the account may see every configured type");
    for (auto& p : type_problems) problems.push_back(std::move(p));
  }

  if (answers.contains("write")) {
    const json& write = answers["write"];
    int status = write.value("status", 0);
    if (status == 404) {
      lines.push_back("JSON:API accepts writes (PATCH)");
    } else if (status == 405) {
      problems.push_back("JSON:API accepts only reads, so no moodle id can be written back: allow writes at " + base +
                         "/admin/config/services/jsonapi (\"Accept all JSON:API create, read, update, and delete operations\")");
    } else if (status == 401 || status == 403) {
      problems.push_back("the account may not write through JSON:API (" + what_came(write) + "): give its role the permission to edit field_moodle_id");
    } else {
      problems.push_back("a test write (PATCH " + write.value("url", std::string("?")) + ") got an unexpected answer: " + what_came(write));
    }
  }
  return out;
}

}  // namespace moodle_sync::drupal
