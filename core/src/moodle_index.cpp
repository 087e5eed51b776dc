#include "moodle_index.hpp"

#include "entity_diff.hpp"

namespace moodle_sync {

void MoodleTable::clear() {
  records_.clear();
  idnumbers_.clear();
  shortnames_.clear();
}

void MoodleTable::put(long long id, json record) {
  std::string idnumber = record.value("idnumber", "");
  if (auto old = records_.find(id); old != records_.end()) {
    idnumbers_.erase(old->second.value("idnumber", ""));
    shortnames_.erase(decode_entities(old->second.value("shortname", "")));
  }
  if (!idnumber.empty()) idnumbers_[idnumber] = id;
  if (record.contains("shortname") && record["shortname"].is_string()) shortnames_[decode_entities(record["shortname"].get<std::string>())] = id;
  records_[id] = std::move(record);
}

const json* MoodleTable::by_id(long long id) const {
  auto it = records_.find(id);
  return it == records_.end() ? nullptr : &it->second;
}

const json* MoodleTable::by_idnumber(const std::string& idnumber) const {
  auto it = idnumbers_.find(idnumber);
  return it == idnumbers_.end() ? nullptr : by_id(it->second);
}

const json* MoodleTable::by_shortname(const std::string& shortname) const {
  auto it = shortnames_.find(decode_entities(shortname));
  return it == shortnames_.end() ? nullptr : by_id(it->second);
}

std::string table_of(const std::string& component) {
  if (component == "templates" || component == "courses") return "course";
  if (component == "categories") return "course_categories";
  if (component == "users") return "user";
  if (component == "cohorts") return "cohort";
  return component;
}

namespace {

json string_or_empty(const json& v) { return v.is_string() ? v : json(""); }

}  // namespace

void load_categories(MoodleTable& table, const json& answer) {
  if (!answer.is_array()) return;
  for (const auto& c : answer) {
    if (!c.is_object() || !c.contains("id")) continue;
    table.put(c["id"].get<long long>(), {{"id", c["id"]}, {"idnumber", string_or_empty(c.value("idnumber", json()))},
                                         {"name", string_or_empty(c.value("name", json()))},
                                         {"description", string_or_empty(c.value("description", json()))},
                                         {"parent", c.value("parent", 0)}, {"theme", string_or_empty(c.value("theme", json()))},
                                         {"path", string_or_empty(c.value("path", json()))}});
  }
}

void load_courses(MoodleTable& table, const json& answer) {
  if (!answer.is_array()) return;
  static const char* kKeep[] = {"fullname", "shortname", "summary", "format", "showgrades", "newsitems", "startdate",
                                "enddate", "numsections", "maxbytes", "showreports", "visible", "hiddensections",
                                "groupmode", "groupmodeforce", "defaultgroupingid", "enablecompletion",
                                "completionnotify", "lang", "forcetheme"};
  for (const auto& c : answer) {
    if (!c.is_object() || !c.contains("id") || c.value("format", "") == "site") continue;
    json rec = {{"id", c["id"]}, {"idnumber", string_or_empty(c.value("idnumber", json()))}, {"categoryid", c.value("categoryid", 0)}};
    for (const char* k : kKeep) {
      if (c.contains(k)) rec[k] = c[k];
    }
    json custom = json::object();
    for (const auto& f : c.value("customfields", json::array())) {
      if (f.is_object() && f.contains("shortname")) custom[f["shortname"].get<std::string>()] = string_or_empty(f.value("valueraw", json()));
    }
    rec["customfields"] = custom;
    table.put(c["id"].get<long long>(), std::move(rec));
  }
}

}  // namespace moodle_sync
