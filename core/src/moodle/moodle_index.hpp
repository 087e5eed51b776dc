#pragma once
// What exists in Moodle, as read in the observe phase: one table per Moodle object kind, found by
// id, by idnumber and (courses, users) by shortname, username and email. Records keep only what
// the sync compares.
#include <map>
#include <string>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

class MoodleTable {
 public:
  void clear();
  void put(long long id, json record);  // record has at least "idnumber"
  const json* by_id(long long id) const;
  const json* by_idnumber(const std::string& idnumber) const { return by("idnumber", idnumber); }
  // shortname compared decoded (reads escape &), email without case (Moodle's uniqueness rule).
  const json* by_shortname(const std::string& shortname) const { return by("shortname", shortname); }
  const json* by(const std::string& field, const std::string& value) const;
  const std::map<long long, json>& records() const { return records_; }
  bool loaded() const { return loaded_; }
  void mark_loaded() { loaded_ = true; }

 private:
  std::map<long long, json> records_;
  std::map<std::string, std::map<std::string, long long>> indexes_;
  bool loaded_ = false;
};

// Each returns false when the answer is not the list Moodle gives: a protocol problem, never "empty".
bool load_categories(MoodleTable& table, const json& answer);  // core_course_get_categories
bool load_courses(MoodleTable& table, const json& answer);     // core_course_get_courses (no site course)
bool load_users(MoodleTable& table, const json& answer);       // core_user_get_users_by_field
bool load_cohorts(MoodleTable& table, const json& answer);     // core_cohort_get_cohorts
// core_user_get_users' users, as the search for deleted users reads them (engine_orphans.cpp): the
// id, the idnumber and whether the account is suspended, not the forty-odd fields of each account.
bool load_account_listing(MoodleTable& table, const json& answer);

}  // namespace moodle_sync
