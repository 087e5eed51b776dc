// Batched writes (cut by queue_batches, batch_queue.cpp): all-or-nothing batches split until
// the bad item stands alone; per-item warnings mapped to their entities; a short create answer is
// an error, never a silent loss; transient failures retried (a create that may have happened is
// read back first); every new moodle id journaled before it is written back.
#include <algorithm>
#include <regex>
#include <set>

#include "moodle_sync/transforms.hpp"
#include "engine/batch_queue.hpp"
#include "engine/engine_state.hpp"
#include "engine/planned_calls.hpp"
#include "engine/retry_policy.hpp"
#include "moodle_sync/moodle_given_ids.hpp"
#include "moodle_sync/rest_request.hpp"

namespace moodle_sync {

void Engine::State::item_succeeded(const BatchSpec& spec, Run& r) {
  if (r.outcome == Outcome::failed) return;
  if (r.outcome == Outcome::none) r.outcome = spec.success_outcome == Outcome::none ? outcome_of(r.planned) : spec.success_outcome;
  if (spec.after_success) spec.after_success(r);
}

void Engine::State::queue_batch(const BatchSpec& spec, std::vector<Run*> item_runs, std::vector<json> items, bool front) {
  json params = {{spec.list_key, items}};
  std::string purpose = spec.wsfunction.substr(spec.wsfunction.rfind('_') + 1) + " " + std::to_string(items.size()) + " " + spec.list_key;
  json intents = json::array();
  for (std::size_t i = 0; spec.intent_of && i < items.size(); ++i) {
    json rec = spec.intent_of(*item_runs[i], items[i]);
    if (rec.is_array()) for (auto& x : rec) intents.push_back(std::move(x));
    else intents.push_back(std::move(rec));
  }
  // The intent, the call: one group (a run stopped by its budget sends both or neither).
  const long long group = new_group();
  auto dropped = std::make_shared<std::size_t>(0);  // the request's bytes, when PHP dropped it for its size
  if (!intents.empty() && !front) {
    queue.push_back(journal_task(intents, item_runs));
    queue.back().group = group;
  }
  push_call(spec.wsfunction, std::move(params), purpose,
            [this, spec, item_runs, items, dropped](const MoodleAnswer& a) {
              if (*dropped) return too_large(*this, spec, item_runs, items, *dropped);
              if (!a.ok && !spec.committed_errorcode.empty() && a.error.errorcode == spec.committed_errorcode) {
                for (Run* r : item_runs) r->note = "Moodle saved this but then failed: " + a.error.message;
              } else if (!a.ok) {
                return handle_failure(spec, item_runs, items, a.error, true);
              }
              if (spec.answer == BatchSpec::Answer::created_list) return created(spec, item_runs, items, a);
              if (spec.answer == BatchSpec::Answer::member_warnings) return members_added(spec, item_runs, items, a);
              json records = json::array();
              std::vector<Run*> again_runs;
              std::vector<json> again_items;
              for (std::size_t i = 0; i < item_runs.size(); ++i) {
                Run* r = item_runs[i];
                long long id = items[i].is_object() && items[i].contains("id") ? items[i]["id"].get<long long>() : r->moodle_id;
                auto w = std::find_if(a.warnings.begin(), a.warnings.end(), [&](const MoodleWarning& mw) {
                  return mw.itemid.is_number_integer() && mw.itemid.get<long long>() == id;
                });
                if (w != a.warnings.end()) {
                  WarningStep step = decide_warning(call_kind(spec), w->warningcode, r->attempts, retries);
                  if (step == WarningStep::retry) {  // this item alone hit a transient failure (a deadlock)
                    ++r->attempts;
                    again_runs.push_back(r);
                    again_items.push_back(items[i]);
                    continue;
                  }
                  if (step == WarningStep::fail) {
                    fail(*r, {{"class", "data"}, {"errorcode", w->warningcode}, {"message", w->message}});
                    continue;
                  }
                  r->note = "an earlier attempt of this delete, whose answer was lost, had deleted it";
                }
                if (spec.journal_of) {
                  json rec = spec.journal_of(*r, items[i]);
                  if (rec.is_array()) for (auto& x : rec) records.push_back(std::move(x));
                  else records.push_back(std::move(rec));
                }
                item_succeeded(spec, *r);
              }
              if (!again_runs.empty()) {
                int attempts = 0;
                for (Run* r : again_runs) attempts = std::max(attempts, r->attempts);
                queue_batch(spec, again_runs, again_items, true);
                queue.front().action["delay_ms"] = retry_delay(retry_delay_ms, attempts);
              }
              if (!records.empty()) queue.push_front(journal_task(records, item_runs));
            },
            front);
  (front ? queue.front() : queue.back()).group = group;
  watch_dropped_body(*this, front ? queue.front() : queue.back(), dropped);
  if (!intents.empty() && front) {
    queue.push_front(journal_task(intents, item_runs));  // still before its call
    queue.front().group = group;
  }
}

// add_cohort_members applies the good items; a warning names its user ("user id=N not exists"),
// code 3 (already a member) is what we wanted anyway.
void Engine::State::members_added(const BatchSpec& spec, const std::vector<Run*>& item_runs, const std::vector<json>& items,
                                  const MoodleAnswer& a) {
  static const std::regex kNamed(R"(^(user|cohort) id=(\d+) )");
  std::set<Run*> failed;
  for (const auto& w : a.warnings) {
    if (w.warningcode == "3") continue;
    std::smatch m;
    bool named = std::regex_search(w.message, m, kNamed);
    for (std::size_t i = 0; i < items.size(); ++i) {
      const char* part = named && m[1] == "user" ? "usertype" : "cohorttype";
      if (named && items[i][part]["value"].get<std::string>() != m[2].str()) continue;
      fail(*item_runs[i], {{"class", "data"}, {"errorcode", w.warningcode}, {"message", w.message}});
      failed.insert(item_runs[i]);
    }
  }
  for (Run* r : item_runs) {
    if (!failed.count(r)) item_succeeded(spec, *r);
  }
}

void Engine::State::created(const BatchSpec& spec, const std::vector<Run*>& item_runs, const std::vector<json>& items, const MoodleAnswer& a) {
  if (!a.value.is_array()) {
    CallError e;
    e.message = "Moodle's answer to " + spec.wsfunction + " is not a list";
    return handle_failure(spec, item_runs, items, e, true);
  }
  // A wrong id written back would redirect every later update: an answer with one bad id is not
  // trusted for any item. The objects may exist: the next run finds them by idnumber.
  if (std::string problem = check_created_ids(spec.wsfunction, a.value, items, spec.echo_keys); !problem.empty()) {
    for (Run* r : item_runs) fail(*r, {{"class", "protocol"}, {"message", problem + "; no id of this call was written back"}});
    return;
  }
  std::vector<Run*> done;
  for (std::size_t i = 0; i < item_runs.size(); ++i) {
    Run& r = *item_runs[i];
    if (i >= a.value.size()) {
      // PHP drops variables past max_input_vars silently: a short answer is never success.
      fail(r, {{"class", "protocol"}, {"message", "Moodle answered " + std::to_string(a.value.size()) + " of " +
                                                      std::to_string(item_runs.size()) + " items; this one was not confirmed (the next run looks it up by idnumber)"}});
      continue;
    }
    set_moodle_id(r, *moodle_object_id(a.value[i]["id"]));
    r.outcome = Outcome::created;
    done.push_back(&r);
  }
  queue_record_and_write_back(done, true);
  // Work that needs the new id (a suspension Moodle cannot set on create) comes after the write-back.
  std::vector<Run*> follow;
  std::vector<json> follow_items;
  for (Run* r : done) {
    if (r->followup.is_null()) continue;
    json item = r->followup;
    item["id"] = r->moodle_id;
    follow.push_back(r);
    follow_items.push_back(std::move(item));
  }
  if (!follow.empty()) {
    BatchSpec update = update_spec(spec.component);
    update.success_outcome = Outcome::created;
    queue_batches(update, std::move(follow), std::move(follow_items));
  }
}

void Engine::State::queue_record_and_write_back(std::vector<Run*> done, bool front) {
  if (done.empty()) return;
  std::vector<Task> tasks;
  json records = json::array();
  for (Run* r : done) records.push_back(journal_record(*r));
  tasks.push_back(journal_task(records, done));
  for (Run* r : done) tasks.push_back(write_back_task(*r));
  if (front) {
    for (auto it = tasks.rbegin(); it != tasks.rend(); ++it) queue.push_front(std::move(*it));
  } else {
    for (auto& t : tasks) queue.push_back(std::move(t));
  }
}

// A journal that cannot be written stops the run: without it an interruption could lose ids.
Task Engine::State::journal_task(json records, std::vector<Run*> concerned) {
  Task journal;
  journal.action = {{"kind", "journal"}, {"records", std::move(records)}};
  journal.on_result = [this, concerned, written = journal.action["records"]](const json& result) {
    if (result.value("ok", false)) {
      for (const auto& r : written) keep_written(r);
      return;
    }
    journal_failed = true;
    fatal = {{"class", "transient"}, {"message", "the journal could not be written: " + result.value("error", std::string("?"))}};
    for (Run* r : concerned) fail(*r, fatal);
  };
  return journal;
}

json Engine::State::journal_record(const Run& r) const {
  return {{"component", r.component}, {"type", r.entity->type}, {"uuid", r.entity->uuid}, {"idnumber", r.idnumber}, {"moodle_id", r.moodle_id}};
}

Task Engine::State::write_back_task(Run& run) {
  Run* r = &run;
  Task wb;
  wb.action = {{"kind", "write_back"},
               {"entity", {{"type", r->entity->type}, {"uuid", r->entity->uuid}, {"id", r->entity->id}, {"label", r->entity->label()}}},
               {"field", "field_moodle_id"}, {"value", std::to_string(r->moodle_id)}};
  wb.on_result = [this, r](const json& result) {
    if (result.value("ok", false)) {
      written_back[{r->entity->type, r->entity->uuid}] = std::to_string(r->moodle_id);
      if (auto at = changed_seconds(result.value("changed", json()))) written_changed[{r->entity->type, r->entity->uuid}] = *at;
      return;
    }
    write_back_failed(*r, result);
  };
  return wb;
}

// A write to Drupal the source refused, classified by the source ({ok: false, error, class?, field?};
// a file source gives no class): returns the class, and in `why` the reason naming the field.
// Set-up and credentials would refuse every write alike: the run stops, and the writes still queued
// are not sent (they come back `not_sent`, with the class of what stopped the run).
std::string Engine::State::refused_write(const json& result, const std::string& what, std::string& why) {
  std::string cls = result.value("class", json()).is_string() ? result["class"].get<std::string>() : "transient";
  why = result.value("error", json()).is_string() ? result["error"].get<std::string>() : "?";
  bool field = result.value("field", json()).is_string();
  if (field && why.find(result["field"].get<std::string>()) == std::string::npos) why = "field " + result["field"].get<std::string>() + ": " + why;
  if (result.value("not_sent", false)) return fatal.value("class", "transient");
  if (cls == "setup" || cls == "credentials") {
    if (fatal.is_null()) fatal = {{"class", cls}, {"message", what + " failed: " + why}};
    write_backs_stopped = true;
    return cls;
  }
  return cls == "entity" || cls == "protocol" ? cls : "transient";
}

// A refused write-back: in every case the journal keeps the id until a write-back is confirmed.
void Engine::State::write_back_failed(Run& r, const json& result) {
  std::string why;
  std::string cls = refused_write(result, "writing moodle ids back to Drupal", why);
  std::string lost = "moodle id " + std::to_string(r.moodle_id) + (result.value("not_sent", false) ? " was not written back: " : " could not be written back: ");
  json error = {{"class", cls}, {"message", lost + why + "; the journal keeps it for the next run"}};
  if (result.value("field", json()).is_string()) error["field"] = result["field"];
  fail(r, error);
}

void Engine::State::handle_failure(const BatchSpec& spec, std::vector<Run*> item_runs, std::vector<json> items,
                                   const CallError& error, bool front) {
  std::set<Run*> distinct(item_runs.begin(), item_runs.end());
  FailureInput in;
  in.kind = call_kind(spec);
  in.all_or_nothing = spec.all_or_nothing;
  in.items = item_runs.size();
  in.retries = retries;
  for (Run* r : distinct) in.resent = in.resent || r->attempts > 0;
  if (error.error_class == ErrorClass::transient) {
    for (Run* r : distinct) in.attempts = std::max(in.attempts, ++r->attempts);
  }
  const FailureStep step = decide_failure(in, error);
  switch (step) {
    case FailureStep::split: {
      // All-or-nothing: the batch failed for one item. Split it until that item stands alone.
      std::size_t half = item_runs.size() / 2;
      queue_batch(spec, {item_runs.begin() + static_cast<long>(half), item_runs.end()}, {items.begin() + static_cast<long>(half), items.end()}, front);
      queue_batch(spec, {item_runs.begin(), item_runs.begin() + static_cast<long>(half)}, {items.begin(), items.begin() + static_cast<long>(half)}, front);
      return;
    }
    case FailureStep::fail:
      for (Run* r : distinct) fail(*r, error_json(error));
      return;
    case FailureStep::deleted:
      for (Run* r : distinct) {
        r->note = "an earlier attempt of this delete, whose answer was lost, had deleted it";
        item_succeeded(spec, *r);
      }
      return;
    case FailureStep::resend:
      queue_batch(spec, item_runs, items, true);
      break;
    case FailureStep::reread:
    case FailureStep::settle:
      // A create that failed in transit may have happened anyway (or may still be happening): read
      // again and plan these entities afresh, so that what exists now is adopted, not made twice.
      for (Run* r : distinct) {
        r->outcome = Outcome::none;
        r->moodle_id = 0;
        r->entity->attributes.set("field_moodle_id", "");
        r->settling = step == FailureStep::settle;
      }
      reread(spec.component);
      break;
    case FailureStep::stop:
      // Credentials, permission or protocol: the same call would fail for every entity. Stop writing.
      fatal = error_json(error);
      for (Run* r : item_runs) fail(*r, fatal);
      return;
  }
  queue.front().action["delay_ms"] = retry_delay(retry_delay_ms, in.attempts);
}

// A create that may still be running in Moodle (its answer was a proxy's 504 or the client's time
// limit) and that the read-back did not find: read again, later, before sending it a second time.
bool Engine::State::hold_unsettled_create(Run& r) {
  if (!r.settling) return false;
  if (r.settle_reads >= retries) {
    r.settling = false;  // waited long enough: it did not happen, send it again
    return false;
  }
  ++r.settle_reads;
  return true;
}

void Engine::State::reread_after_wait(const std::string& component, const std::vector<Run*>& held) {
  int waits = 0;
  for (Run* r : held) waits = std::max(waits, r->attempts + r->settle_reads);
  reread(component);
  queue.front().action["delay_ms"] = retry_delay(retry_delay_ms, waits);
}

}  // namespace moodle_sync
