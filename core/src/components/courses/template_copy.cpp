// A course made from a template: core_course_duplicate_course copies the template's course, then
// one update gives the copy its mapped fields and idnumber (duplicate cannot set them). The copy is
// journaled before that update, so a run killed in between cannot lead to a second copy; the
// intent to copy is journaled before the copy itself.
#include "engine/engine_state.hpp"
#include "engine/planned_calls.hpp"
#include "engine/retry_policy.hpp"
#include "moodle_sync/moodle_given_ids.hpp"

namespace moodle_sync {
namespace {
const char* const kDuplicate = "core_course_duplicate_course";

// The update that gives a copy its fields and idnumber: an update like any other, so a transient
// failure sends it again (the copy exists and is journaled: nothing is copied twice).
void update_copy(Engine::State& s, Run* r, json update, int attempt) {
  s.push_call(s.update_spec(r->component).wsfunction, {{"courses", json::array({update})}}, "set the copy's fields and idnumber",
              [&s, r, update, attempt](const MoodleAnswer& u) {
                bool transient = u.ok ? !u.warnings.empty() && decide_warning(CallKind::update, u.warnings[0].warningcode, attempt, s.retries) == WarningStep::retry
                                      : u.error.error_class == ErrorClass::transient && attempt < s.retries;
                if (transient) {
                  update_copy(s, r, update, attempt + 1);
                  s.queue.front().action["delay_ms"] = retry_delay(s.retry_delay_ms, attempt + 1);
                  return;
                }
                if (!u.ok) s.fail(*r, error_json(u.error));
                else if (!u.warnings.empty()) s.fail(*r, {{"class", "data"}, {"errorcode", u.warnings[0].warningcode}, {"message", u.warnings[0].message}});
                s.queue.push_front(s.write_back_task(*r));  // the id goes back even if the update failed
              },
              true);
}

}  // namespace

// One copy and one update per course, never batched: what a sync of the plan sends for it.
void count_planned_duplicate(Engine::State& s, const Run& r) {
  count_planned(s, kDuplicate, 1, 1);
  count_planned(s, s.update_spec(r.component).wsfunction, 1, 1);
}

void Engine::State::queue_duplicate(Run& run, long long template_id, json item) {
  const json& settings = setup.config.component(run.component);
  json params = {{"courseid", template_id},
                 {"fullname", item.value("fullname", "")},
                 {"shortname", item.value("shortname", "")},
                 {"categoryid", item.value("categoryid", 0)},
                 {"visible", settings.value("hide_copy", false) ? 0 : item.value("visible", 1)},
                 {"options", json::array({{{"name", "users"}, {"value", 0}}})}};
  Run* r = &run;
  push_call(kDuplicate, std::move(params), "copy template course " + std::to_string(template_id),
            [this, r, item](const MoodleAnswer& a) {
              if (!a.ok) {
                // A copy is never sent again as the create spec's plain create, and a restore is not
                // one transaction: even a Moodle exception (a deadlock) may leave part of a copy.
                // So a transient failure reads Moodle again and plans the course afresh.
                CallError error = a.error;
                if (error.error_class == ErrorClass::transient) error.may_have_applied = true;
                return handle_failure(create_spec(r->component), {r}, {item}, error, true);
              }
              std::optional<long long> id = a.value.is_object() ? moodle_object_id(a.value.value("id", json())) : std::nullopt;
              if (!id) {
                return fail(*r, {{"class", "protocol"}, {"message", "core_course_duplicate_course answered no valid course id (" +
                                                                        to_text(a.value).substr(0, 80) + "); nothing was written back"}});
              }
              set_moodle_id(*r, *id);
              r->outcome = Outcome::created;
              Task journal;
              journal.action = {{"kind", "journal"}, {"records", json::array({journal_record(*r)})}};
              journal.on_result = [this, r, item](const json& result) {
                if (!result.value("ok", false)) {
                  fatal = {{"class", "transient"}, {"message", "the journal could not be written: " + result.value("error", std::string("?"))}};
                  return fail(*r, fatal);
                }
                json update = item;
                update["id"] = r->moodle_id;
                // hide_copy: the copy starts hidden; a mapped `visible` applies from the next run on.
                if (setup.config.component(r->component).value("hide_copy", false)) update.erase("visible");
                update_copy(*this, r, std::move(update), 0);
              };
              queue.push_front(std::move(journal));
            },
            true);
  // The intent and the copy: one group (what the copy's answer starts then goes on to its end).
  const long long group = new_group();
  queue.front().group = group;
  // Before the copy is made, the journal says that this entity is making it under this shortname:
  // a run killed before the copy's id is known adopts that copy, and only that one, by its shortname.
  // Moodle ids only grow: the copy gets an id above every course known now, which tells it apart
  // from a course someone makes with that shortname later, or had made already.
  const auto& known = tables["course"].records();
  long long after_id = known.empty() ? 0 : known.rbegin()->first;
  json intent = {{"kind", "copy"}, {"type", r->entity->type}, {"uuid", r->entity->uuid}, {"shortname", item.value("shortname", "")},
                 {"template", template_id}, {"after_id", after_id}};
  // The same intent holds within this run: a copy whose answer was lost is adopted when the courses
  // are read again for the retry, instead of being copied a second time.
  copy_intents[{r->entity->type, r->entity->uuid}] = {item.value("shortname", ""), after_id};
  queue.push_front(journal_task(json::array({intent}), {r}));
  queue.front().group = group;
}

}  // namespace moodle_sync
