// The reads come from the components' declarations: the tables the observe phase reads, the
// look-ups made on demand (users by field, the enrolments of a course, the members of a cohort)
// and the listings that find the objects of deleted entities. What a component reads does not
// depend on its settings (only the parameters do), so one configuration with none serves.
// Completion has no read in a sync ("a sync does not read completions"): its pull and its push
// are runs of their own, and the pull's report filter is saved in Moodle, so it is no read.
#include "engine/moodle_reads.hpp"

#include <set>

#include "components/registry.hpp"

namespace moodle_sync {

std::vector<std::string> moodle_reads() {
  const Config any;
  // The token's check (`check`, /health) reads the site info; a read-only host may check a token alike.
  std::set<std::string> out = {"core_webservice_get_site_info"};
  for (const Component* c : components()) {
    for (const ComponentRead& read : c->reads(any)) out.insert(read.wsfunction);
    if (std::optional<RemovalPlan> removal = c->removal(any); removal && removal->listing) out.insert(removal->listing->wsfunction);
  }
  return {out.begin(), out.end()};
}

}  // namespace moodle_sync
