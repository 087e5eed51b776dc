// Several sources can ask for one (user, course) pair: a canceled registration and a later complete
// one, or a registration beside a user reference on the course. Moodle has one enrolment per pair,
// so the wishes are merged before anything is compared: the enrolment is active when ANY source is
// active, and then carries the union of the roles of the active sources only; it is suspended
// only when every source is inactive. Its dates are the widest period of those sources, the same
// for every role (Moodle keeps one period per enrolment). The result never depends on the order
// of the export. A pair with a source that could not be read is held back as it is.
#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "components/enrolments/enrolments_state.hpp"

namespace moodle_sync {
namespace {

// Export order must not matter: sources are ranked by what they are, not where they stand. The
// sources of one pair stand together, pairs in order, each pair's sources by rank.
bool ranks_before(const EnrolmentWish& a, const EnrolmentWish& b) {
  if (a.user != b.user || a.course != b.course) return std::tie(a.user, a.course) < std::tie(b.user, b.course);
  const Entity& x = *a.run->entity;
  const Entity& y = *b.run->entity;
  return std::tie(x.type, x.id, x.uuid) < std::tie(y.type, y.id, y.uuid);
}

// The widest period of two wishes for one role: 0 means "no limit" on either side.
void widen(EnrolmentWish& into, const EnrolmentWish& w) {
  into.timestart = (into.timestart == 0 || w.timestart == 0) ? 0 : std::min(into.timestart, w.timestart);
  into.timeend = (into.timeend == 0 || w.timeend == 0) ? 0 : std::max(into.timeend, w.timeend);
}

std::string pair_label(long long user, long long course) {
  return "user " + std::to_string(user) + " in course " + std::to_string(course);
}

}  // namespace

void Engine::State::merge_enrolment_wishes(std::vector<EnrolmentWish>& candidates) {
  EnrolmentsState& es = enrolments_state(*this);
  std::stable_sort(candidates.begin(), candidates.end(), ranks_before);
  std::vector<const EnrolmentWish*> sources;  // of one pair
  for (std::size_t begin = 0, end = 0; begin < candidates.size(); begin = end) {
    const std::pair<long long, long long> pair = {candidates[begin].user, candidates[begin].course};
    sources.clear();
    for (end = begin; end < candidates.size() && candidates[end].user == pair.first && candidates[end].course == pair.second; ++end) {
      sources.push_back(&candidates[end]);
    }
    if (auto held = es.pairs_held.find(pair); held != es.pairs_held.end()) {
      for (const EnrolmentWish* w : sources) {
        if (!w->run->finished()) skip(*w->run, held->second);
      }
      continue;
    }
    bool active = std::any_of(sources.begin(), sources.end(), [](const EnrolmentWish* w) { return w->suspend == 0; });
    std::map<long long, EnrolmentWish> by_role;  // the first (lowest-ranked) source of a role speaks for it
    std::optional<EnrolmentWish> widest;  // one period for the whole enrolment
    for (const EnrolmentWish* w : sources) {
      if (active && w->suspend) continue;  // an inactive source adds no role beside an active one
      by_role.emplace(w->role, *w);
      if (widest) widen(*widest, *w);
      else widest = *w;
    }
    std::set<Run*> speaking;
    for (auto& [role, w] : by_role) {
      w.timestart = widest->timestart;
      w.timeend = widest->timeend;
      speaking.insert(w.run);
      es.wishes[enrolment_key(w.user, w.course, role)] = w;
    }
    const Run* first = by_role.begin()->second.run;
    for (const EnrolmentWish* w : sources) {
      if (speaking.count(w->run) || w->run->finished()) continue;
      w->run->note = pair_label(pair.first, pair.second) + ": the enrolment follows " + first->entity->label() +
                     (active ? " (active)" : " (every registration of the pair is inactive)");
      finish(*w->run, Outcome::unchanged);
    }
  }
}

}  // namespace moodle_sync
