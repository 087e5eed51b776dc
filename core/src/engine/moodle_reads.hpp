#pragma once
// The Moodle web-service functions a dry run may send: the reads of the observe phase and those
// made on demand. A host that must never write (the browser admin page) refuses every other one.
#include <string>
#include <vector>

namespace moodle_sync {

// Sorted, each once: read from what the components declare, never a list kept by hand.
std::vector<std::string> moodle_reads();

}  // namespace moodle_sync
