// The batched calls of a component's objects, as the component declares them.
#include <stdexcept>

#include "components/registry.hpp"
#include "engine/engine_state.hpp"

namespace moodle_sync {
namespace {

BatchSpec declared(const std::optional<BatchSpec>& spec, const std::string& component, const char* what) {
  if (!spec) throw std::logic_error("component \"" + component + "\" declares no " + what + " call");
  return *spec;
}

}  // namespace

BatchSpec Engine::State::create_spec(const std::string& c) { return declared(component_named(c).batches().create, c, "create"); }
BatchSpec Engine::State::update_spec(const std::string& c) { return declared(component_named(c).batches().update, c, "update"); }
BatchSpec Engine::State::delete_spec(const std::string& c) { return declared(component_named(c).batches().remove, c, "delete"); }

void Engine::State::reread(const std::string& component) {
  const Component& c = component_named(component);
  if (!c.objects()) throw std::logic_error("component \"" + component + "\" has no objects to read again");
  c.objects()->reread(*this);
}

}  // namespace moodle_sync
