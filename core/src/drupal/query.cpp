#include "drupal/query.hpp"

#include <iterator>

#include "drupal/resource_type.hpp"

namespace moodle_sync::drupal {
namespace {

const char* const kKinds[] = {"full", "changed", "census", "uuids", "references", "dependents", "events"};

std::string joined(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& s : list) out += (out.empty() ? "" : ",") + s;
  return out;
}

// application/x-www-form-urlencoded: letters, digits and *-._ stay; space is one character (+);
// every other byte is %XX.
bool plain_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '*' || c == '-' || c == '.' || c == '_';
}

std::size_t encoded_size(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += plain_byte(c) || c == ' ' ? 1 : 3;
  return n;
}

std::string form_encoded(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (plain_byte(c)) out += static_cast<char>(c);
    else if (c == ' ') out += '+';
    else out += {'%', hex[c >> 4], hex[c & 15]};
  }
  return out;
}

}  // namespace

const char* to_string(QueryKind kind) { return kKinds[static_cast<int>(kind)]; }

bool query_kind_from_string(const std::string& text, QueryKind& out) {
  for (int i = 0; i < static_cast<int>(std::size(kKinds)); ++i) {
    if (text == kKinds[i]) {
      out = static_cast<QueryKind>(i);
      return true;
    }
  }
  return false;
}

json to_json(const Query& q) {
  json params = json::array();
  for (const auto& [k, v] : q.params) params.push_back({k, v});
  json out = {{"type", q.type}, {"kind", to_string(q.kind)}, {"path", q.path}, {"params", params}};
  if (q.mark) out["mark"] = *q.mark;
  return out;
}

Query collection_query(const ReadPlan& plan, const std::string& type, QueryKind kind) {
  Query q{type, kind, collection_path(type), {}, std::nullopt};
  if (const Collection* c = plan.collection(type)) {
    q.params.push_back({"fields[" + type + "]", joined(c->fields)});
    if (!c->include.empty()) q.params.push_back({"include", joined(c->include)});
  }
  // JSON:API has no default order: without one, pages may skip or repeat rows.
  q.params.push_back({"sort", id_key(type)});
  return q;
}

Query census_query(const std::string& type) {
  return {type, QueryKind::census, collection_path(type), {{"fields[" + type + "]", id_key(type)}, {"sort", id_key(type)}}, std::nullopt};
}

void add_keyset_filter(std::vector<std::pair<std::string, std::string>>& params, const std::string& key, long long after) {
  params.push_back({"filter[keyset][condition][path]", key});
  params.push_back({"filter[keyset][condition][operator]", ">"});
  params.push_back({"filter[keyset][condition][value]", std::to_string(after)});
}

void add_changed_filter(Query& q, long long since) {
  q.params.push_back({"filter[changed][condition][path]", "changed"});
  q.params.push_back({"filter[changed][condition][operator]", ">="});
  q.params.push_back({"filter[changed][condition][value]", std::to_string(since)});
}

std::string encoded_query(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [k, v] : params) out += (out.empty() ? "" : "&") + form_encoded(k) + "=" + form_encoded(v);
  return out;
}

std::size_t encoded_length(const std::vector<std::pair<std::string, std::string>>& params) {
  std::size_t n = 0;
  for (const auto& [k, v] : params) n += (n ? 1 : 0) + encoded_size(k) + 1 + encoded_size(v);
  return n;
}

std::vector<Query> chunked_in(const Query& base, const std::string& path, const std::vector<std::string>& values,
                              std::size_t max_url) {
  std::vector<Query> out;
  const std::string value_key = "filter[in][condition][value][]";
  Query head = base;
  head.params.push_back({"filter[in][condition][path]", path});
  head.params.push_back({"filter[in][condition][operator]", "IN"});
  const std::size_t fixed = base.path.size() + 1 + encoded_length(head.params);
  Query current = head;
  std::size_t length = fixed;
  for (const auto& v : values) {
    std::size_t add = 1 + encoded_size(value_key) + 1 + encoded_size(v);
    if (current.params.size() > head.params.size() && length + add > max_url) {
      out.push_back(std::move(current));
      current = head;
      length = fixed;
    }
    current.params.push_back({value_key, v});
    length += add;
  }
  if (current.params.size() > head.params.size()) out.push_back(std::move(current));
  return out;
}

}  // namespace moodle_sync::drupal
