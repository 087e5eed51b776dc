#include "engine/outcome.hpp"

#include <utility>

namespace moodle_sync {
namespace {

const std::pair<Outcome, const char*> kOutcomeWords[] = {
    {Outcome::none, ""},
    {Outcome::created, "created"},
    {Outcome::recovered, "created (recovered)"},
    {Outcome::adopted, "adopted"},
    {Outcome::updated, "updated"},
    {Outcome::unchanged, "unchanged"},
    {Outcome::ignored, "ignored"},
    {Outcome::stale, "stale"},
    {Outcome::blocked, "blocked"},
    {Outcome::failed, "failed"},
    {Outcome::skipped, "skipped"},
    {Outcome::deleted, "deleted"},
};

const std::pair<Intent, const char*> kIntentWords[] = {
    {Intent::none, ""},
    {Intent::create, "create"},
    {Intent::adopt, "adopt"},
    {Intent::update, "update"},
    {Intent::unchanged, "unchanged"},
    {Intent::ignore, "ignore"},
    {Intent::stale, "stale"},
    {Intent::skip, "skip"},
    {Intent::fail, "fail"},
    {Intent::delete_object, "delete"},
    {Intent::suspend, "suspend"},
    {Intent::move_to_trash, "move_to_trash"},
    {Intent::gone, "gone"},
    {Intent::unenrol, "unenrol"},
    {Intent::remove_role, "remove_role"},
    {Intent::remove_members, "remove_members"},
};

}  // namespace

std::string to_string(Outcome outcome) {
  for (const auto& [o, word] : kOutcomeWords) {
    if (o == outcome) return word;
  }
  return "";
}

std::string to_string(Intent intent) {
  for (const auto& [i, word] : kIntentWords) {
    if (i == intent) return word;
  }
  return "";
}

Outcome outcome_from_string(const std::string& text) {
  for (const auto& [o, word] : kOutcomeWords) {
    if (text == word) return o;
  }
  return Outcome::none;
}

Outcome outcome_of(Intent intent) {
  switch (intent) {
    case Intent::create: return Outcome::created;
    case Intent::adopt: return Outcome::adopted;
    case Intent::update: return Outcome::updated;
    case Intent::unchanged: return Outcome::unchanged;
    case Intent::delete_object: return Outcome::deleted;
    default: return Outcome::none;
  }
}

}  // namespace moodle_sync
