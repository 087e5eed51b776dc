#pragma once
// The bundled example site, previewed once before the module's first large request (heap_settle.cpp).
#include <cstddef>

namespace moodle_sync_wasm {

struct ExampleFile {
  const char* name;
  const char* text;
};

extern const char* const kExampleConfig;    // examples/northfield/moodle-sync.json
extern const ExampleFile kExampleFiles[];  // its export's files
extern const std::size_t kExampleFileCount;

// Previews the example site, its answer discarded; whether it planned an entity of each component
// a sync plans.
bool settle_heap();

}  // namespace moodle_sync_wasm
