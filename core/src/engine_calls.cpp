// The engine's Moodle calls and what it does with each answer: batches sized under the
// max_input_vars budget, all-or-nothing batches split until the bad item is isolated, per-item
// warnings mapped to their entities, short answers treated as errors, transient failures retried
// (after a read-back when the failed call may have created something), and every new moodle id
// journaled before it is written back.
#include <algorithm>

#include "engine_state.hpp"
#include "entity_diff.hpp"
#include "moodle_sync/rest_request.hpp"

namespace moodle_sync {
namespace {

const char* create_function(const std::string& component) {
  return component == "categories" ? "core_course_create_categories" : "core_course_create_courses";
}
const char* update_function(const std::string& component) {
  return component == "categories" ? "core_course_update_categories" : "core_course_update_courses";
}
const char* list_key(const std::string& component) { return component == "categories" ? "categories" : "courses"; }

HttpReply reply_of(const json& result) {
  HttpReply r;
  r.status = result.value("status", 0);
  r.body = result.value("body", "");
  r.content_type = result.value("content_type", "");
  r.transport_error = result.value("transport_error", "");
  return r;
}


}  // namespace

json error_json(const CallError& e) {
  json j = {{"class", to_string(e.error_class)}, {"message", e.message}};
  if (!e.errorcode.empty()) j["errorcode"] = e.errorcode;
  return j;
}

void Engine::State::push_call(const std::string& wsfunction, json params, const std::string& purpose,
                              std::function<void(const MoodleAnswer&)> on_answer, bool front) {
  EncodedCall encoded = encode_call(wsfunction, params, budget);
  Task task;
  task.action = {{"kind", "call"}, {"wsfunction", wsfunction}, {"purpose", purpose}, {"variables", encoded.variables},
                 {"body", encoded.body}, {"params", std::move(params)}};
  task.on_result = [this, on_answer = std::move(on_answer)](const json& result) { on_answer(decode_answer(reply_of(result))); };
  if (front) queue.push_front(std::move(task));
  else queue.push_back(std::move(task));
}

void Engine::State::queue_reads(const std::string& table, int attempt) {
  auto on_answer = [this, table, attempt](const MoodleAnswer& a) {
    if (!a.ok && a.error.error_class == ErrorClass::transient && attempt < retries) {
      queue_reads(table, attempt + 1);
      queue.front().action["delay_ms"] = std::min(retry_delay_ms << attempt, 60000LL);
      return;
    }
    if (!a.ok) {
      // Without knowing what exists, no write is safe: a failed read stops the run.
      fatal = error_json(a.error);
      fatal["message"] = "reading Moodle's " + table + " failed: " + a.error.message;
      return;
    }
    tables[table].clear();
    if (table == "course_categories") load_categories(tables[table], a.value);
    else load_courses(tables[table], a.value);
  };
  if (table == "course_categories") {
    push_call("core_course_get_categories", json::object(), "read every course category", on_answer, true);
  } else {
    push_call("core_course_get_courses", json::object(), "read every course", on_answer, true);
  }
}

void Engine::State::queue_creates(const std::string& component, std::vector<Run*> batch_runs, std::vector<json> items) {
  std::vector<std::size_t> sizes;
  for (const auto& i : items) sizes.push_back(count_variables(i));
  // Items too big for one request are failed here, not sent truncated.
  std::vector<Run*> ok_runs;
  std::vector<json> ok_items;
  std::vector<std::size_t> ok_sizes;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (sizes[i] + kFixedVariables > budget) {
      fail(*batch_runs[i], {{"class", "data"}, {"message", "needs " + std::to_string(sizes[i]) + " variables, more than the max_input_vars budget of " + std::to_string(budget)}});
      continue;
    }
    ok_runs.push_back(batch_runs[i]);
    ok_items.push_back(std::move(items[i]));
    ok_sizes.push_back(sizes[i]);
  }
  for (const Batch& b : plan_batches(ok_sizes, kFixedVariables, budget, max_items)) {
    queue_create_batch(component, {ok_runs.begin() + static_cast<long>(b.begin), ok_runs.begin() + static_cast<long>(b.end)},
                       {ok_items.begin() + static_cast<long>(b.begin), ok_items.begin() + static_cast<long>(b.end)}, false);
  }
}

void Engine::State::queue_create_batch(const std::string& component, std::vector<Run*> batch_runs, std::vector<json> items, bool front) {
  json params = {{list_key(component), items}};
  std::string purpose = "create " + std::to_string(items.size()) + " " + component;
  push_call(create_function(component), std::move(params), purpose,
            [this, component, batch_runs, items](const MoodleAnswer& a) {
              if (!a.ok) return handle_failure(component, batch_runs, items, a.error, true, true);
              if (!a.value.is_array()) {
                CallError e;
                e.message = "Moodle's answer to a create is not a list";
                return handle_failure(component, batch_runs, items, e, true, true);
              }
              std::vector<Run*> created;
              for (std::size_t i = 0; i < batch_runs.size(); ++i) {
                Run& r = *batch_runs[i];
                if (i >= a.value.size() || !a.value[i].is_object() || !a.value[i].contains("id")) {
                  // PHP drops variables past max_input_vars silently: a short answer is never success.
                  fail(r, {{"class", "protocol"}, {"message", "Moodle answered " + std::to_string(a.value.size()) + " of " +
                                                                  std::to_string(batch_runs.size()) + " items; this one was not confirmed (the next run looks it up by idnumber)"}});
                  continue;
                }
                set_moodle_id(r, a.value[i]["id"].get<long long>());
                r.outcome = "created";
                created.push_back(&r);
              }
              queue_record_and_write_back(created, true);
            },
            front);
}

void Engine::State::queue_updates(const std::string& component, std::vector<Run*> batch_runs, std::vector<json> items) {
  std::vector<std::size_t> sizes;
  for (const auto& i : items) sizes.push_back(count_variables(i));
  for (const Batch& b : plan_batches(sizes, kFixedVariables, budget, max_items)) {
    queue_update_batch(component, {batch_runs.begin() + static_cast<long>(b.begin), batch_runs.begin() + static_cast<long>(b.end)},
                       {items.begin() + static_cast<long>(b.begin), items.begin() + static_cast<long>(b.end)}, false);
  }
}

void Engine::State::queue_update_batch(const std::string& component, std::vector<Run*> batch_runs, std::vector<json> items, bool front) {
  json params = {{list_key(component), items}};
  std::string purpose = "update " + std::to_string(items.size()) + " " + component;
  push_call(update_function(component), std::move(params), purpose,
            [this, component, batch_runs, items](const MoodleAnswer& a) {
              if (!a.ok) return handle_failure(component, batch_runs, items, a.error, false, true);
              // update_courses is per item: a failing course is a warning naming its id.
              for (Run* r : batch_runs) {
                auto w = std::find_if(a.warnings.begin(), a.warnings.end(), [&](const MoodleWarning& mw) {
                  return mw.itemid.is_number_integer() && mw.itemid.get<long long>() == r->moodle_id;
                });
                if (w != a.warnings.end()) {
                  fail(*r, {{"class", "data"}, {"errorcode", w->warningcode}, {"message", w->message}});
                } else if (r->outcome != "adopted") {
                  finish(*r, "updated");
                }
              }
            },
            front);
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
  push_call("core_course_duplicate_course", std::move(params), "copy template course " + std::to_string(template_id),
            [this, r, item](const MoodleAnswer& a) {
              if (!a.ok) return handle_failure(r->component, {r}, {item}, a.error, true, true);
              if (!a.value.is_object() || !a.value.contains("id")) {
                return fail(*r, {{"class", "protocol"}, {"message", "Moodle's answer to duplicate_course has no id"}});
              }
              set_moodle_id(*r, a.value["id"].get<long long>());
              r->outcome = "created";
              // The copy has no idnumber yet: journal it first, so a crash now cannot lead to a second copy.
              Task journal;
              json record = {{"component", r->component}, {"type", r->entity->type}, {"uuid", r->entity->uuid},
                             {"idnumber", r->idnumber}, {"moodle_id", r->moodle_id}};
              journal.action = {{"kind", "journal"}, {"records", json::array({record})}};
              journal.on_result = [this, r, item](const json& result) {
                if (!result.value("ok", false)) {
                  fatal = {{"class", "transient"}, {"message", "the journal could not be written: " + result.value("error", std::string("?"))}};
                  return fail(*r, fatal);
                }
                json update = item;
                update["id"] = r->moodle_id;
                // hide_copy: the copy starts hidden; a mapped `visible` applies from the next run on.
                if (setup.config.component(r->component).value("hide_copy", false)) update.erase("visible");
                push_call("core_course_update_courses", {{"courses", json::array({update})}}, "set the copy's fields and idnumber",
                          [this, r](const MoodleAnswer& u) {
                            if (!u.ok) fail(*r, error_json(u.error));
                            else if (!u.warnings.empty()) fail(*r, {{"class", "data"}, {"errorcode", u.warnings[0].warningcode}, {"message", u.warnings[0].message}});
                            Task wb;
                            wb.action = {{"kind", "write_back"},
                                         {"entity", {{"type", r->entity->type}, {"uuid", r->entity->uuid}, {"id", r->entity->id}, {"label", r->entity->label()}}},
                                         {"field", "field_moodle_id"}, {"value", std::to_string(r->moodle_id)}};
                            wb.on_result = [this, r](const json& res) {
                              if (!res.value("ok", false)) {
                                fail(*r, {{"class", "transient"}, {"message", "created in Moodle as " + std::to_string(r->moodle_id) +
                                                                                 ", but the write-back failed: " + res.value("error", std::string("?")) +
                                                                                 "; the journal keeps the id for the next run"}});
                              }
                            };
                            queue.push_front(std::move(wb));
                          },
                          true);
              };
              queue.push_front(std::move(journal));
            },
            true);
}

void Engine::State::queue_record_and_write_back(std::vector<Run*> done, bool front) {
  if (done.empty()) return;
  std::vector<Task> tasks;
  Task journal;
  json records = json::array();
  for (Run* r : done) {
    records.push_back({{"component", r->component}, {"type", r->entity->type}, {"uuid", r->entity->uuid},
                       {"idnumber", r->idnumber}, {"moodle_id", r->moodle_id}});
  }
  journal.action = {{"kind", "journal"}, {"records", records}};
  journal.on_result = [this, done](const json& result) {
    if (result.value("ok", false)) return;
    fatal = {{"class", "transient"}, {"message", "the journal could not be written: " + result.value("error", std::string("?"))}};
    for (Run* r : done) fail(*r, fatal);
  };
  tasks.push_back(std::move(journal));
  for (Run* r : done) {
    Task wb;
    wb.action = {{"kind", "write_back"},
                 {"entity", {{"type", r->entity->type}, {"uuid", r->entity->uuid}, {"id", r->entity->id}, {"label", r->entity->label()}}},
                 {"field", "field_moodle_id"}, {"value", std::to_string(r->moodle_id)}};
    wb.on_result = [this, r](const json& result) {
      if (result.value("ok", false)) return;
      fail(*r, {{"class", "transient"}, {"message", "moodle id " + std::to_string(r->moodle_id) + " could not be written back: " +
                                                       result.value("error", std::string("?")) + "; the journal keeps it for the next run"}});
    };
    tasks.push_back(std::move(wb));
  }
  if (front) {
    for (auto it = tasks.rbegin(); it != tasks.rend(); ++it) queue.push_front(std::move(*it));
  } else {
    for (auto& t : tasks) queue.push_back(std::move(t));
  }
}

void Engine::State::handle_failure(const std::string& component, std::vector<Run*> batch_runs, std::vector<json> items,
                                   const CallError& error, bool create, bool front) {
  if (error.error_class == ErrorClass::data) {
    if (batch_runs.size() > 1) {
      // All-or-nothing: the batch failed for one item. Split it until that item stands alone.
      std::size_t half = batch_runs.size() / 2;
      std::vector<Run*> r1(batch_runs.begin(), batch_runs.begin() + static_cast<long>(half)), r2(batch_runs.begin() + static_cast<long>(half), batch_runs.end());
      std::vector<json> i1(items.begin(), items.begin() + static_cast<long>(half)), i2(items.begin() + static_cast<long>(half), items.end());
      if (create) {
        queue_create_batch(component, r2, i2, front);
        queue_create_batch(component, r1, i1, front);
      } else {
        queue_update_batch(component, r2, i2, front);
        queue_update_batch(component, r1, i1, front);
      }
      return;
    }
    return fail(*batch_runs[0], error_json(error));
  }
  if (error.error_class == ErrorClass::transient) {
    for (Run* r : batch_runs) ++r->attempts;
    if (batch_runs[0]->attempts > retries) {
      for (Run* r : batch_runs) fail(*r, error_json(error));
      return;
    }
    if (create) {
      // A create that failed in transit may have happened anyway: read the table again and plan
      // these entities afresh, so that what exists now is adopted instead of created twice.
      for (Run* r : batch_runs) {
        r->outcome.clear();
        r->moodle_id = 0;
        r->entity->attributes["field_moodle_id"] = "";
      }
      queue_reads(table_of(component));
    } else {
      queue_update_batch(component, batch_runs, items, true);
    }
    queue.front().action["delay_ms"] = std::min(retry_delay_ms << (batch_runs[0]->attempts - 1), 60000LL);
    return;
  }
  // Credentials, permission or protocol: the same call would fail for every entity. Stop writing.
  fatal = error_json(error);
  for (Run* r : batch_runs) fail(*r, fatal);
}

}  // namespace moodle_sync
