#pragma once
// What templates and courses share: both are Moodle courses (one table, the same fields, reads,
// calls and item rules); courses may also be copied from a template.
#include "components/component_kit.hpp"

namespace moodle_sync {

// Field lists follow Moodle 4.5's core_course_create_courses parameters; the lengths are the
// database columns (a longer value fails the whole batch with dmlwriteexception).
inline const std::vector<MoodleField> kCourseFields = {
    {"fullname", FieldKind::text, true, 254, nullptr},
    {"shortname", FieldKind::text, true, 255, nullptr},
    {"summary", FieldKind::html, false, 0, "summaryformat"},
    {"summaryformat", FieldKind::integer, false, 0, nullptr},
    {"format", FieldKind::raw, false, 21, nullptr},
    {"showgrades", FieldKind::boolean, false, 0, nullptr},
    {"newsitems", FieldKind::integer, false, 0, nullptr},
    {"startdate", FieldKind::integer, false, 0, nullptr},
    {"enddate", FieldKind::integer, false, 0, nullptr},
    {"numsections", FieldKind::integer, false, 0, nullptr},
    {"maxbytes", FieldKind::integer, false, 0, nullptr},
    {"showreports", FieldKind::boolean, false, 0, nullptr},
    {"visible", FieldKind::boolean, false, 0, nullptr},
    {"hiddensections", FieldKind::integer, false, 0, nullptr},
    {"groupmode", FieldKind::integer, false, 0, nullptr},
    {"groupmodeforce", FieldKind::boolean, false, 0, nullptr},
    {"defaultgroupingid", FieldKind::integer, false, 0, nullptr},
    {"enablecompletion", FieldKind::boolean, false, 0, nullptr},
    {"completionnotify", FieldKind::boolean, false, 0, nullptr},
    {"lang", FieldKind::raw, false, 30, nullptr},
    {"forcetheme", FieldKind::raw, false, 50, nullptr},
};

ComponentRead courses_read();
ComponentBatches course_batches(const std::string& component);
std::vector<std::string> course_functions(const Config& config, const std::string& component);
bool is_reserved_course_field(const std::string& field);

class CourseObjects : public ObjectHooks {
 public:
  // `copies`: new courses may be copies of a template (the courses component).
  explicit CourseObjects(bool copies) : copies_(copies) {}
  bool before_pass(Engine::State&, const std::vector<Run*>&) const override { return true; }
  bool excluded(Engine::State&, Run&) const override { return false; }
  long long copy_source(Engine::State& s, Run& r, std::vector<EntityIssue>& issues) const override;
  void complete_item(Engine::State& s, Run& r, json& item) const override;
  std::string unknown_custom_field(Engine::State& s, const json& item) const override;
  const json* find_other(Engine::State& s, Run& r, const json& item, json& conflict, bool copy) const override;
  json create_item(Engine::State&, Run&, json item) const override { return item; }
  json update_item(long long id, const json& item, const json& changes) const override { return moodle_sync::update_item(id, item, changes); }
  void reread(Engine::State& s) const override;

 private:
  bool copies_;
};

}  // namespace moodle_sync
