#include "moodle_sync/site_guard.hpp"

#include <cctype>

#include "source/site_declaration.hpp"

namespace moodle_sync {
namespace {

const char* const kBlocked = ": nothing will be written to Moodle";

bool is_configured(const Config& config, const std::string& site) {
  for (const auto& url : config.settings["site"]["urls"]) {
    if (normalize_site_url(url.get<std::string>()) == site) return true;
  }
  return false;
}

std::string configured_list(const Config& config) {
  std::string list;
  for (const auto& url : config.settings["site"]["urls"]) list += (list.empty() ? "" : ", ") + url.get<std::string>();
  return list;
}

// The first claim of each distinct site, in the order the export makes them.
std::vector<SiteClaim> distinct_sites(const std::vector<SiteClaim>& claims) {
  std::vector<SiteClaim> firsts;
  for (const auto& c : claims) {
    bool seen = false;
    for (const auto& f : firsts) seen |= f.site == c.site;
    if (!seen) firsts.push_back(c);
  }
  return firsts;
}

GuardDecision mixed_sites(const Config& config, const std::vector<SiteClaim>& sites) {
  std::string list, source;
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const char* joint = i == 0 ? "" : i + 1 == sites.size() ? " and " : ", ";
    list += joint + sites[i].site + " (" + sites[i].where + (is_configured(config, sites[i].site) ? "" : ", not a configured site") + ")";
    source += (i == 0 ? "" : ", ") + sites[i].site;
  }
  return {false, source,
          "the export mixes documents of " + std::to_string(sites.size()) + " Drupal sites: " + list + kBlocked +
              ". Export each site into a folder of its own"};
}

}  // namespace

std::string normalize_site_url(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  auto scheme = s.find("://");
  auto path = s.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  for (std::size_t i = 0; i < s.size() && i < path; ++i) {
    s[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
  }
  return s;
}

std::string site_of_document(const json& document) {
  if (!document.is_object() || !document.contains("links") || !document["links"].is_object()) return {};
  const json& self = document["links"].value("self", json());
  const json href = self.is_object() ? self.value("href", json()) : self;  // {"href": ...} or a plain string
  if (!href.is_string()) return {};
  const std::string& text = href.get_ref<const std::string&>();
  auto at = text.find("/jsonapi");
  return at == std::string::npos || at == 0 ? std::string() : text.substr(0, at);
}

GuardDecision check_site_guard(const Config& config, const SourceSites& sources) {
  if (!sources.problem.empty()) return {false, "", sources.problem + kBlocked};
  std::vector<SiteClaim> claims;
  std::string silent;  // a document that names no site, when nothing declares one for it
  if (!sources.declared.site.empty()) {
    claims.push_back({normalize_site_url(sources.declared.site), sources.declared.where.empty() ? "the export's site_url" : sources.declared.where});
  }
  for (const auto& d : sources.documents) {
    if (!d.site.empty()) claims.push_back({normalize_site_url(d.site), d.where});
    else if (silent.empty()) silent = d.where;
  }
  if (claims.empty()) {
    return {false, "", std::string("the source does not say which Drupal site it comes from (no site.json, no links.self.href in its documents)") + kBlocked};
  }
  std::vector<SiteClaim> sites = distinct_sites(claims);
  if (sites.size() > 1) return mixed_sites(config, sites);
  const std::string& source = sites.front().site;
  if (sources.declared.site.empty() && !silent.empty()) {
    return {false, source,
            silent + " does not say which Drupal site it comes from (no links.self.href), while " + sites.front().where + " comes from " +
                source + kBlocked + ". Name the site in a site.json beside the documents"};
  }
  if (is_configured(config, source)) return {true, source, "the source is " + source + ", a configured site"};
  return {false, source,
          "the source is " + source + ", which is not a configured site (" + configured_list(config) + ")" + kBlocked +
              ". If this copy should write, add its URL to site.urls"};
}

SourceSites source_sites_of(const json& in) {
  SourceSites sources;
  if (!in.is_object()) return sources;
  auto declaration = in.find("site_declaration");
  auto site_url = in.find("site_url"), from = in.find("site_url_from");
  if (declaration != in.end()) {
    sources.declared = declared_site(*declaration, sources.problem);
  } else if (site_url != in.end() && site_url->is_string()) {
    sources.declared = {site_url->get<std::string>(), from != in.end() && from->is_string() ? from->get<std::string>() : ""};
  }
  auto docs = in.find("documents");
  if (docs == in.end() || !docs->is_array()) return sources;
  for (std::size_t i = 0; i < docs->size(); ++i) {  // read in place: documents can be large
    const json& d = (*docs)[i];
    auto name = d.is_object() ? d.find("name") : d.end();
    auto document = d.is_object() ? d.find("document") : d.end();
    sources.documents.push_back({document != d.end() ? site_of_document(*document) : std::string(),
                                 name != d.end() && name->is_string() ? name->get<std::string>() : "document " + std::to_string(i)});
  }
  return sources;
}

json to_json(const GuardDecision& d) {
  return {{"source", d.source}, {"writes_allowed", d.writes_allowed}, {"reason", d.reason}};
}

}  // namespace moodle_sync
