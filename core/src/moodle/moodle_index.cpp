#include "moodle/moodle_index.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "moodle_sync/html_entities.hpp"
#include "moodle_sync/moodle_given_ids.hpp"
#include "moodle_sync/transforms.hpp"

namespace moodle_sync {
namespace {

const char* const kIndexed[] = {"idnumber", "shortname", "username", "email"};

std::string index_key(const std::string& field, const std::string& value) {
  if (field == "shortname") return decode_html_entities_fully(value);
  if (field == "email") return ascii_lower(value);
  return value;
}

json string_or_empty(const json& v) { return v.is_string() ? v : json(""); }

// Custom field values by shortname; courses give the stored value in `valueraw`, users in `value`.
json custom_values(const json& fields, const char* value_key) {
  json out = json::object();
  for (const auto& f : fields) {
    if (f.is_object() && f.contains("shortname")) out[f["shortname"].get<std::string>()] = string_or_empty(f.value(value_key, json()));
  }
  return out;
}

}  // namespace

void MoodleTable::clear() {
  records_.clear();
  indexes_.clear();
}

void MoodleTable::put(long long id, json record) {
  // Each indexed field is found once (a record's fields are searched one by one).
  if (auto old = records_.find(id); old != records_.end()) {
    for (const char* f : kIndexed) {
      auto value = old->second.find(f);
      if (value != old->second.end() && value->is_string()) indexes_[f].erase(index_key(f, value->get_ref<const std::string&>()));
    }
  }
  for (const char* f : kIndexed) {
    auto value = record.find(f);
    if (value == record.end() || !value->is_string()) continue;
    const std::string& v = value->get_ref<const std::string&>();
    if (!v.empty()) indexes_[f][index_key(f, v)] = id;
  }
  records_[id] = std::move(record);
}

const json* MoodleTable::by_id(long long id) const {
  auto it = records_.find(id);
  return it == records_.end() ? nullptr : &it->second;
}

const json* MoodleTable::by(const std::string& field, const std::string& value) const {
  auto index = indexes_.find(field);
  if (index == indexes_.end()) return nullptr;
  auto it = index->second.find(index_key(field, value));
  return it == index->second.end() ? nullptr : by_id(it->second);
}

bool load_categories(MoodleTable& table, const json& answer) {
  table.mark_loaded();
  if (!answer.is_array()) return false;
  for (const auto& c : answer) {
    if (!c.is_object() || !c.contains("id") || !moodle_object_id(c["id"])) return false;
    table.put(c["id"].get<long long>(), {{"id", c["id"]}, {"idnumber", string_or_empty(c.value("idnumber", json()))},
                                         {"name", string_or_empty(c.value("name", json()))},
                                         {"description", string_or_empty(c.value("description", json()))},
                                         {"parent", c.value("parent", 0)}, {"theme", string_or_empty(c.value("theme", json()))},
                                         {"path", string_or_empty(c.value("path", json()))}});
  }
  return true;
}

// Loads records that keep the listed fields as Moodle answered them, plus their custom fields
// by shortname (`custom_value` names the key holding the stored value).
bool load_with_fields(MoodleTable& table, const json& answer, const std::vector<const char*>& keep, const char* custom_value,
                      bool skip_site_course) {
  table.mark_loaded();
  if (!answer.is_array()) return false;
  // Each record's fields are visited once and matched by name: a lookup per kept field would scan
  // the record's forty-odd fields each time, for every course or user.
  std::unordered_map<std::string_view, std::size_t> wanted;
  for (std::size_t i = 0; i < keep.size(); ++i) wanted.emplace(keep[i], i);
  std::vector<const json*> found(keep.size());
  for (const auto& c : answer) {
    if (!c.is_object() || !c.contains("id") || !moodle_object_id(c["id"])) return false;
    if (skip_site_course && c.value("format", "") == "site") continue;
    std::fill(found.begin(), found.end(), nullptr);
    for (const auto& [name, value] : c.get_ref<const json::object_t&>()) {
      if (auto w = wanted.find(name); w != wanted.end()) found[w->second] = &value;
    }
    // The record's keys are all different (id, idnumber, the kept fields, customfields): each is
    // put at the end, in that order, without a search among those before it.
    json rec = json::object();
    auto& members = rec.get_ref<json::object_t&>();
    members.reserve(keep.size() + 3);
    members.emplace_back("id", c["id"]);
    members.emplace_back("idnumber", string_or_empty(c.value("idnumber", json())));
    for (std::size_t i = 0; i < keep.size(); ++i) {
      if (found[i]) members.emplace_back(keep[i], *found[i]);
    }
    static const json kNone = json::array();
    auto fields = c.find("customfields");  // read where it is, not copied
    members.emplace_back("customfields", custom_values(fields == c.end() ? kNone : *fields, custom_value));
    table.put(c["id"].get<long long>(), std::move(rec));
  }
  return true;
}

bool load_courses(MoodleTable& table, const json& answer) {
  return load_with_fields(table, answer,
                          {"categoryid", "fullname", "shortname", "summary", "format", "showgrades", "newsitems", "startdate",
                           "enddate", "numsections", "maxbytes", "showreports", "visible", "hiddensections", "groupmode",
                           "groupmodeforce", "defaultgroupingid", "enablecompletion", "completionnotify", "lang", "forcetheme"},
                          "valueraw", true);
}

bool load_users(MoodleTable& table, const json& answer) {
  return load_with_fields(table, answer,
                          {"username", "firstname", "lastname", "middlename", "alternatename", "firstnamephonetic",
                           "lastnamephonetic", "email", "auth", "suspended", "city", "country", "timezone", "description",
                           "institution", "department", "phone1", "phone2", "address", "lang", "calendartype", "theme",
                           "mailformat", "maildisplay"},
                          "value", false);
}

bool load_account_listing(MoodleTable& table, const json& answer) {
  table.mark_loaded();
  if (!answer.is_array()) return false;
  for (const auto& u : answer) {
    if (!u.is_object() || !u.contains("id") || !moodle_object_id(u["id"])) return false;
    json rec = {{"id", u["id"]}, {"idnumber", string_or_empty(u.value("idnumber", json()))}};
    if (auto suspended = u.find("suspended"); suspended != u.end()) rec["suspended"] = *suspended;
    table.put(u["id"].get<long long>(), std::move(rec));
  }
  return true;
}

bool load_cohorts(MoodleTable& table, const json& answer) {
  table.mark_loaded();
  if (!answer.is_array()) return false;
  for (const auto& c : answer) {
    if (!c.is_object() || !c.contains("id") || !moodle_object_id(c["id"])) return false;
    table.put(c["id"].get<long long>(), {{"id", c["id"]}, {"idnumber", string_or_empty(c.value("idnumber", json()))},
                                         {"name", string_or_empty(c.value("name", json()))},
                                         {"description", string_or_empty(c.value("description", json()))},
                                         {"visible", c.value("visible", true)}, {"contextid", c.value("contextid", 0)}});
  }
  return true;
}

}  // namespace moodle_sync
