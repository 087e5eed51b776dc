#include "drupal/page_check.hpp"

#include <algorithm>
#include <vector>

#include "drupal/url_text.hpp"
#include "moodle_sync/json_text.hpp"

namespace moodle_sync::drupal {
namespace {

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// page[limit] changes how much a page holds, not where it starts; page[offset]=0 is the default.
bool paging_default(const std::string& param) {
  for (const char* name : {"page%5Blimit%5D=", "page[limit]=", "page%5blimit%5d="}) {
    if (starts_with(param, name)) return true;
  }
  for (const char* zero : {"page%5Boffset%5D=0", "page[offset]=0", "page%5boffset%5d=0"}) {
    if (param == zero) return true;
  }
  return false;
}

bool is_resource(const json& r) {
  return r.is_object() && r.contains("type") && r["type"].is_string() && r.contains("id") && r["id"].is_string() &&
         !r["id"].get_ref<const std::string&>().empty();
}

std::string error_document_text(const json& errors) {
  if (!errors.is_array() || errors.empty() || !errors[0].is_object()) return "";
  const json& e = errors[0];
  std::string text = e.value("status", std::string()) + " " + e.value("title", std::string());
  if (e.contains("detail") && e["detail"].is_string()) text += ": " + e["detail"].get<std::string>();
  return text;
}

std::string next_link(const json& doc) {
  auto links = doc.find("links");
  if (links == doc.end() || !links->is_object()) return "";
  auto next = links->find("next");
  if (next == links->end()) return "";
  if (next->is_string()) return next->get<std::string>();  // JSON:API 1.0 allows a bare string
  if (next->is_object() && next->contains("href") && (*next)["href"].is_string()) return (*next)["href"].get<std::string>();
  return "";
}

PageCheck refused(std::string problem) { return {json(), std::move(problem), ""}; }

}  // namespace

std::string page_key(const std::string& url) {
  auto mark = url.find('?');
  if (mark == std::string::npos) return url;
  std::vector<std::string> params;
  std::string query = url.substr(mark + 1);
  for (std::size_t at = 0; at <= query.size();) {
    auto end = query.find('&', at);
    if (end == std::string::npos) end = query.size();
    std::string param = query.substr(at, end - at);
    if (!param.empty() && !paging_default(param)) params.push_back(param);
    at = end + 1;
  }
  std::sort(params.begin(), params.end());
  std::string key = url.substr(0, mark);
  for (std::size_t i = 0; i < params.size(); ++i) key += (i ? "&" : "?") + params[i];
  return key;
}

PageCheck check_page(const std::string& body, const std::string& expected_type, const std::string& census_key,
                     const std::string& url, const std::set<std::string>& read) {
  if (read.count(page_key(url))) return refused("this page was already read in this chain of pages (a paging loop)");
  PageCheck page;
  ParsedJson parsed = parse_json(body);
  if (parsed.too_deep) return refused("the page is " + parsed.message + ": no Drupal field is that deep");
  if (parsed.ok) {
    page.document = std::move(parsed.value);
  } else {
    // Where the parser stopped tells a page cut in transit (the text ends inside the JSON) from
    // one that never was JSON (an HTML error page, a proxy's answer).
    const std::size_t stopped = parsed.byte + 1;  // the bytes the parser had read, as its errors count them
    bool cut = !body.empty() && stopped >= body.size() && body.find_first_not_of(" \t\r\n") != std::string::npos &&
               (body[body.find_first_not_of(" \t\r\n")] == '{' || body[body.find_first_not_of(" \t\r\n")] == '[');
    if (body.empty()) return refused("the page is empty (expected a JSON:API document)");
    if (cut) return refused("the page is cut: its JSON ends after " + std::to_string(body.size()) + " bytes, inside the document");
    return refused("the page is not JSON (syntax error at byte " + std::to_string(stopped) + ")");
  }
  const json& doc = page.document;
  if (!doc.is_object()) return refused("not a JSON:API document (expected an object, got " + std::string(doc.type_name()) + ")");
  if (doc.contains("errors") && !doc.contains("data")) return refused("an error document: " + error_document_text(doc["errors"]));
  if (!doc.contains("data") || !doc["data"].is_array()) {
    return refused("not a JSON:API collection document (expected \"data\" to be a list of resources)");
  }
  const json& data = doc["data"];
  for (std::size_t i = 0; i < data.size(); ++i) {
    const std::string at = "data[" + std::to_string(i) + "]";
    if (!is_resource(data[i])) return refused(at + " is not a JSON:API resource (expected an object with \"type\" and \"id\")");
    const std::string& type = data[i]["type"].get_ref<const std::string&>();
    if (type != expected_type) {
      return refused(at + " (" + data[i]["id"].get<std::string>() + ") is a " + type + ", not a " + expected_type +
                     ": the collection answered another type");
    }
    if (!census_key.empty()) {
      const json* attrs = data[i].contains("attributes") ? &data[i]["attributes"] : nullptr;
      if (!attrs || !attrs->is_object() || !attrs->contains(census_key)) return refused(at + " has no " + census_key + " (an id listing needs it)");
    } else if (data[i].contains("attributes") && !data[i]["attributes"].is_object()) {
      return refused(at + ".attributes is not an object");
    }
  }
  if (doc.contains("included")) {
    if (!doc["included"].is_array()) return refused("\"included\" is not a list of resources");
    for (std::size_t i = 0; i < doc["included"].size(); ++i) {
      if (!is_resource(doc["included"][i])) return refused("included[" + std::to_string(i) + "] is not a JSON:API resource");
    }
  }
  page.next = next_link(doc);
  if (!page.next.empty() && (page_key(page.next) == page_key(url) || read.count(page_key(page.next)))) {
    return refused("links.next points back to " + url_for_message(page.next) + ", a page already read in this chain (a paging loop)");
  }
  return page;
}

}  // namespace moodle_sync::drupal
