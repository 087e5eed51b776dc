// The run's report: per entity what happened and why, the summary, and the calls made.
#include <cctype>
#include <cstring>

#include "components/completion/push_run.hpp"
#include "engine/created_changes.hpp"
#include "engine/engine_state.hpp"
#include "engine/report_text.hpp"
#include "json/json_write.hpp"

namespace moodle_sync {
namespace {

// In a dry run, ids that creates would get are shown as what they stand for: in values, in lists
// of ids, and in the labels of enrolment changes ("user 1000000000000012 in course ...").
json placeholder_value(const json& v, const std::map<long long, std::string>& labels) {
  if (v.is_number_integer()) {
    auto it = labels.find(v.get<long long>());
    return it == labels.end() ? v : json("(new id of " + it->second + ")");
  }
  if (v.is_array()) {
    json out = json::array();
    for (const auto& x : v) out.push_back(placeholder_value(x, labels));
    return out;
  }
  return v;
}

// Placeholders all start with the same digits: each occurrence is looked up, not each label searched
// for (a dry run of thousands of enrolments has thousands of labels).
std::string placeholder_text(const std::string& text, const std::map<long long, std::string>& labels) {
  static const std::string prefix = std::to_string(Engine::State::next_placeholder_start).substr(0, 10);
  std::string out;
  std::size_t from = 0;
  for (auto at = text.find(prefix); at != std::string::npos; at = text.find(prefix, from)) {
    std::size_t end = at;
    while (end < text.size() && end - at < 18 && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
    auto it = labels.find(std::stoll(text.substr(at, end - at)));
    out += text.substr(from, at - from);
    out += it == labels.end() ? text.substr(at, end - at) : "(new " + it->second + ")";
    from = end;
  }
  return out + text.substr(from);
}

json without_placeholders(const json& changes, const std::map<long long, std::string>& labels) {
  json out = json::object();
  for (const auto& [field, change] : changes.items()) {
    json c = change;
    if (c.is_object()) {
      if (c.contains("new")) c["new"] = placeholder_value(c["new"], labels);
      if (c.contains("old")) c["old"] = placeholder_value(c["old"], labels);
    }
    out[field.find("1000000000") == std::string::npos ? field : placeholder_text(field, labels)] = c;
  }
  return out;
}

// The report's words for what a blocked entity would have done. Enrolments have always named it by
// its outcome ("created"), the other components by the action ("create").
std::string planned_text(const Run& r) {
  if (r.component == "enrolments") return to_string(outcome_of(r.planned));
  if (r.planned == Intent::move_to_trash) return "move to the trash category";
  return to_string(r.planned);
}

}  // namespace

// 3: the time budget stopped the run, the next one goes on;
// 2: a person must fix the set-up (credentials, permission, a source that refuses writes, the site guard) or decide (the removal
// guard stopped the run); 1: some entity failed, or a stale moodle id is left unfixed (what depends
// on it is skipped on every run); 0 otherwise.
int exit_code_of(const json& report) {
  std::string fatal_class = report.contains("fatal") ? report["fatal"].value("class", "") : "";
  if (fatal_class == "credentials" || fatal_class == "permission" || fatal_class == "setup") return 2;
  if (!report["site_guard"].value("writes_allowed", false)) return 2;
  if (report.contains("removal_guard") && report["removal_guard"].value("stops", false)) return 2;
  // The time budget ran out: what is left is for the next run (a host runs again until not 3).
  if (report.contains("stopped")) return 3;
  const json& s = report["summary"];
  return s.value("failed", 0) > 0 || s.value("stale", 0) > 0 ? 1 : 0;
}

EntryOut::EntryOut() : tree_(object_for(16)) { open_.push_back(&tree_); }

EntryOut::EntryOut(JsonWriter& text) : text_(&text) { first_.push_back(true); }

void EntryOut::key(const char* key) {
  text_->put(first_.back() ? '{' : ',');
  first_.back() = false;
  text_->put('"');
  text_->put(key, std::strlen(key));
  text_->put("\":");
}

void EntryOut::field(const char* key, const json& value) {
  if (!text_) return append_new(*open_.back(), key, value);
  this->key(key);
  text_->value(value);
}

void EntryOut::field(const char* key, json&& value) {
  if (!text_) return append_new(*open_.back(), key, std::move(value));
  this->key(key);
  text_->value(value);
}

void EntryOut::field(const char* key, const std::string& value) {
  if (!text_) return append_new(*open_.back(), key, value);
  this->key(key);
  text_->string(value);
}

void EntryOut::field(const char* key, long long value) {
  if (!text_) return append_new(*open_.back(), key, value);
  this->key(key);
  text_->integer(value);
}

void EntryOut::open(const char* key) {
  if (!text_) {
    append_new(*open_.back(), key, object_for(4));
    open_.push_back(&open_.back()->get_ref<json::object_t&>().back().second);
    return;
  }
  this->key(key);
  first_.push_back(true);
}

void EntryOut::close() {
  if (!text_) return open_.pop_back();
  if (first_.back()) text_->put("{}");
  else text_->put('}');
  first_.pop_back();
}

json EntryOut::take() { return std::move(tree_); }

void EntryOut::finish() { close(); }

void report_entry(const Engine::State& s, const Run& r, ReportTally& tally, EntryOut& e) {
  const bool postponed = !r.finished() && !s.stopped.is_null();
  std::string outcome = postponed ? "postponed" : to_string(r.finished() ? r.outcome : Outcome::failed);
  tally.summary[outcome] = tally.summary.value(outcome, 0) + 1;
  e.field("resource", r.entity->type);
  e.field("id", json(r.entity->id));
  e.field("uuid", r.entity->uuid);
  e.field("component", r.component);
  e.field("outcome", outcome);
  e.field("idnumber", r.idnumber);
  bool placeholder = r.moodle_id >= 1000000000000000LL;
  if (r.moodle_id && !placeholder) e.field("moodle_id", r.moodle_id);
  else e.field("moodle_id", json());
  if (r.planned != Intent::none) e.field("planned", planned_text(r));
  json changes = written_changes(s, r);
  if (s.placeholder_labels.empty()) e.field("changes", std::move(changes));
  else e.field("changes", without_placeholders(changes, s.placeholder_labels));
  if (postponed) e.field("note", std::string("not reached before the run's time budget ran out: the next run goes on with it"));
  else if (!r.note.empty()) e.field("note", r.note);
  if (!r.cause.empty()) {
    e.field("cause", r.cause);
    json& c = tally.by_cause[r.cause];
    if (c.is_null()) c = {{"cause", r.cause}, {"skipped", 0}, {"entities", json::array()}};
    c["skipped"] = c["skipped"].get<int>() + 1;
    if (c["entities"].size() < 20) c["entities"].push_back(r.entity->label());
  }
  if (r.finished() || postponed) e.field("error", r.error);
  else e.field("error", json{{"message", "not finished"}});
}

json report_entry(const Engine::State& s, const Run& r, ReportTally& tally) {
  EntryOut e;
  report_entry(s, r, tally, e);
  return e.take();
}

ReportTally report_tally(const Engine::State& s) {
  ReportTally tally;
  tally.summary = {{"created", 0}, {"adopted", 0}, {"updated", 0}, {"unchanged", 0},
                   {"ignored", 0}, {"stale", 0},   {"blocked", 0}, {"failed", 0}, {"deleted", 0}, {"skipped", 0}};
  // A run its budget stopped did not reach some entities: postponed to the next run, not failed.
  if (!s.stopped.is_null()) tally.summary["postponed"] = 0;
  return tally;
}

json report_frame(const Engine::State& s, ReportTally tally, json entities) {
  json out = {{"dry_run", s.setup.dry_run},
              {"site_guard", to_json(s.guard)},
              {"summary", std::move(tally.summary)},
              {"entities", nullptr},
              {"calls", {{"total", s.calls_total}, {"by_function", s.calls_by_function}}}};
  out["entities"] = std::move(entities);  // moved in: a braced list would copy every entity
  if (!tally.by_cause.empty()) {
    out["causes"] = json::array();
    for (auto& [cause, c] : tally.by_cause) out["causes"].push_back(std::move(c));
  }
  if (!s.fatal.is_null()) out["fatal"] = s.fatal;
  if (!s.stopped.is_null()) {
    out["stopped"] = {{"reason", s.stopped["reason"]}, {"spent_ms", s.spent_ms + s.setup.budget_spent_ms}};
    out["resume"] = true;
  }
  if (!s.notes.empty()) out["notes"] = s.notes;
  if (json answer = completion_push_answer(s); !answer.is_null()) out["completion_answer"] = std::move(answer);
  out["exit_code"] = exit_code_of(out);
  return out;
}

json Engine::State::report() const {
  ReportTally tally = report_tally(*this);
  json entities = json::array();
  for (const Run& r : runs) entities.push_back(report_entry(*this, r, tally));
  return report_frame(*this, std::move(tally), std::move(entities));
}

std::string compact_text(const json& value, bool ascii) { return json_write(value, ascii); }

void tally_entries(const Engine::State& s, ReportTally& tally, const std::function<void(const Run&, EntryOut&)>& extend) {
  for (const Run& r : s.runs) {
    EntryOut e;
    report_entry(s, r, tally, e);
    if (extend) extend(r, e);
  }
}

namespace {

// The frame's text around its "entities": what goes before the list, and what after it.
std::pair<std::string, std::string> frame_around_entities(json frame, bool ascii) {
  frame["entities"] = "\x01" "entities" "\x01";  // escaped in the text: no other value dumps alike
  std::string text = compact_text(frame, ascii);
  const std::string placeholder = R"("entities":"\u0001entities\u0001")";
  const std::size_t at = text.find(placeholder);
  std::string after = text.substr(at + placeholder.size());
  text.resize(at);
  text += R"("entities":)";
  return {std::move(text), std::move(after)};
}

}  // namespace

std::string entries_in_frame_text(const Engine::State& s, const std::function<void(const Run&, EntryOut&, bool counting)>& extend,
                                  const std::function<json(ReportTally)>& frame_of, bool exact, bool ascii,
                                  std::pair<std::size_t, std::size_t>* list) {
  ReportTally tally = report_tally(s);
  // One entry written onto `writer`'s text.
  auto write = [&](JsonWriter& writer, const Run& r, ReportTally& into, bool counting) {
    EntryOut e(writer);
    report_entry(s, r, into, e);
    if (extend) extend(r, e, counting);
    e.finish();
  };
  // The entries after the list's "[", and its "]", onto `text`.
  auto write_list = [&](std::string& text, ReportTally& into, bool counting) {
    JsonWriter writer(text, ascii);
    bool first = true;
    for (const Run& r : s.runs) {
      if (!first) writer.put(',');
      first = false;
      write(writer, r, into, counting);
    }
    writer.put(']');
  };
  std::string out = "[";
  if (!exact) {
    // One pass: the list written as it grows, the frame's text put around it in place (a growing
    // string keeps room for it), never copied whole.
    write_list(out, tally, true);
    auto [before, after] = frame_around_entities(frame_of(std::move(tally)), ascii);
    if (list) *list = {before.size(), before.size() + out.size()};
    out.insert(0, before);
    out.append(after);
    return out;  // not the reference append gives: that would be copied
  }
  // First pass: the tally, and the bytes of the list "[entry,...]" (one entry's text at a time).
  std::size_t list_bytes = 2 + (s.runs.empty() ? 0 : s.runs.size() - 1);
  std::string entry;
  for (const Run& r : s.runs) {
    entry.clear();
    {
      JsonWriter writer(entry, ascii);
      write(writer, r, tally, true);
    }
    list_bytes += entry.size();
  }
  std::string().swap(entry);
  auto [before, after] = frame_around_entities(frame_of(std::move(tally)), ascii);
  // Second pass: the entries written between the frame's two parts.
  out.clear();
  out.reserve(before.size() + list_bytes + after.size());
  out.append(before).append("[");
  ReportTally again = report_tally(s);
  write_list(out, again, false);
  if (list) *list = {before.size(), out.size()};
  out.append(after);
  return out;
}

std::string Engine::report_text(std::pair<std::size_t, std::size_t>* entities) const {
  // Exact: the report is asked at the end of every sync, the last step of its heap's peak.
  return entries_in_frame_text(*s_, nullptr, [this](ReportTally tally) { return report_frame(*s_, std::move(tally), json()); }, true, false,
                               entities);
}

}  // namespace moodle_sync
