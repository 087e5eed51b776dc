#pragma once
// The site guard: writes happen only when the source is one of the configured Drupal sites, so a
// copied database (a test or staging site) cannot write into the production Moodle. It compares
// the source's own site URL, never a request host, so scheduled runs pass it too.
#include <string>

#include "moodle_sync/config.hpp"

namespace moodle_sync {

struct GuardDecision {
  bool writes_allowed = false;
  std::string reason;  // always set: why writes are allowed or not
};

GuardDecision check_site_guard(const Config& config, const std::string& source_site_url);

// Scheme and host lower-cased, no trailing slash: "HTTPS://Site.example/" -> "https://site.example".
std::string normalize_site_url(std::string url);

}  // namespace moodle_sync
