#pragma once
// The checks a page passes before anything of it is kept: JSON, whole, a JSON:API collection of
// the type its query asked for, paging that moves forward.
#include <set>
#include <string>

#include "moodle_sync/json.hpp"

namespace moodle_sync::drupal {

struct PageCheck {
  json document;        // the parsed page, when ok
  std::string problem;  // what is wrong, for "<url>: <problem>"
  std::string next;     // links.next, "" on the last page
};

// The page a URL asks for, whatever the spelling: query parameters in order, page[limit] left out
// and page[offset]=0 the same as none. A links.next back to the first page is seen as a loop even
// when it spells out `page[offset]=0&page[limit]=50` and the first request did not.
std::string page_key(const std::string& url);

// `expected_type`: the collection's resource type; `census_key`: the id key a census page must
// carry on every resource ("" for other reads); `read`: the page keys of the chain already read.
PageCheck check_page(const std::string& body, const std::string& expected_type, const std::string& census_key,
                     const std::string& url, const std::set<std::string>& read);

}  // namespace moodle_sync::drupal
