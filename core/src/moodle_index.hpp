#pragma once
// What exists in Moodle, as read in the observe phase: one table per Moodle object kind, found by
// id and by idnumber. Records keep only what the sync compares.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

class MoodleTable {
 public:
  void clear();
  void put(long long id, json record);  // record has at least "idnumber"
  const json* by_id(long long id) const;
  const json* by_idnumber(const std::string& idnumber) const;
  const json* by_shortname(const std::string& shortname) const;  // compared decoded (reads escape &)
  const std::map<long long, json>& records() const { return records_; }

 private:
  std::map<long long, json> records_;
  std::map<std::string, long long> idnumbers_;
  std::map<std::string, long long> shortnames_;  // courses only
};

// The Moodle table a component's objects live in: templates and courses share "course".
std::string table_of(const std::string& component);

// Reads a core_course_get_categories answer into the category table.
void load_categories(MoodleTable& table, const json& answer);
// Reads a core_course_get_courses answer into the course table (the site course is left out).
void load_courses(MoodleTable& table, const json& answer);

}  // namespace moodle_sync
