#include "source/site_declaration.hpp"

namespace moodle_sync {
namespace {

bool is_web_url(const std::string& s) {
  for (const char* scheme : {"https://", "http://"}) {
    std::string lower = normalize_site_url(s);
    if (lower.rfind(scheme, 0) == 0 && lower.size() > std::string(scheme).size()) return true;
  }
  return false;
}

}  // namespace

SiteClaim declared_site(const json& declaration, std::string& problem) {
  SiteClaim claim;
  if (!declaration.is_object()) {
    problem = "the site declaration must be {\"where\", \"value\"}";
    return claim;
  }
  auto where = declaration.find("where");
  claim.where = where != declaration.end() && where->is_string() ? where->get<std::string>() : "the export";
  auto value = declaration.find("value");
  if (value == declaration.end() || !value->is_object()) {
    problem = claim.where + ": expected a JSON object holding \"site_url\"";
    return claim;
  }
  auto url = value->find("site_url");
  if (url == value->end()) {
    // Declares nothing: the documents' own links say where they come from.
  } else if (!url->is_string()) {
    problem = claim.where + ": $.site_url must be a string (the Drupal site's URL), not " + std::string(url->type_name());
  } else if (!is_web_url(url->get<std::string>())) {
    problem = claim.where + ": $.site_url " + url->dump() + " is not an http(s) URL";
  } else {
    claim.site = url->get<std::string>();
  }
  return claim;
}

}  // namespace moodle_sync
