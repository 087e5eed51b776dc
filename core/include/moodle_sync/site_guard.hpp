#pragma once
// The site guard: writes happen only when the source is one of the configured Drupal sites, so a
// copied database (a test or staging site) cannot write into the production Moodle. It compares
// the source's own site URL, never a request host, so scheduled runs pass it too. Every document
// is checked, not a sample: an export that mixes documents of two sites writes nothing.
#include <string>
#include <vector>

#include "moodle_sync/config.hpp"
#include "moodle_sync/json.hpp"

namespace moodle_sync {

// One statement of where the export comes from, and who makes it (a file or a document name).
struct SiteClaim {
  std::string site;   // "" when the document names no site
  std::string where;  // "export/site.json", "export/users.json"
};

// Where an export says it comes from: the site it declares (site.json, a bundle's site_url) and
// the site each of its documents names in its own links.
struct SourceSites {
  SiteClaim declared;
  std::vector<SiteClaim> documents;
  std::string problem;  // a declaration that is not one (site_url not a URL): writes nothing
};

// The site a JSON:API document names: its links.self.href up to "/jsonapi"
// ("https://learn.example/jsonapi/node/course" -> "https://learn.example"); "" when it names none.
std::string site_of_document(const json& document);

struct GuardDecision {
  bool writes_allowed = false;
  std::string source;  // the source's site, as reported ("" when unknown; every site when mixed)
  std::string reason;  // always set: why writes are allowed or not
};

GuardDecision check_site_guard(const Config& config, const SourceSites& sources);

// From what a host sends: {"site_declaration": {"where", "value"}, "documents": [{"name", "document"}]}
// ("site_url" and "site_url_from" instead of the declaration: a site already read).
SourceSites source_sites_of(const json& input);

// {"source", "writes_allowed", "reason"}: how reports show the decision.
json to_json(const GuardDecision& decision);

// Scheme and host lower-cased, no trailing slash: "HTTPS://Site.example/" -> "https://site.example".
std::string normalize_site_url(std::string url);

}  // namespace moodle_sync
