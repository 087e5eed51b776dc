// An engine's input read from its text, its documents' resources one at a time (engine.hpp). The
// tree of a whole site's export costs several times its text, and building it, then tearing it
// down once its resources were packed into entities, was a large part of planning a big site.
// Here the text is walked once: each resource is parsed alone and made an entity at once, and the
// rest of the input (the configuration, Moodle's answers) is parsed member by member. Anything
// unusual (text the strict reader refuses, a repeated key, a resource the store refuses) is read
// whole, the way it always was, so that its engine or its exact error stays what it was.
#include <deque>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json/fast_parse.hpp"
#include "moodle_sync/engine.hpp"

namespace moodle_sync {
namespace {

// The text is read whole instead.
struct ReadWhole {};

// The containers around a value, for the depth limit: the input (1), its documents (2), one entry
// (3), its document (4), a list of resources (5).
constexpr std::size_t kAroundInputMember = 1, kAroundEntryMember = 3, kAroundDocumentMember = 4, kAroundResource = 5;

// Reads the text from its start to its end, value by value.
class TextWalk {
 public:
  explicit TextWalk(std::string_view text) : text_(text) {}

  // The value at the current place, parsed, as deep as it may nest inside the containers around it.
  json value(std::size_t around) {
    json v;
    std::size_t used = reader_.prefix(text_.substr(at_), kMaxJsonDepth - around, v);
    if (used == 0) throw ReadWhole{};
    at_ += used;
    return v;
  }

  bool next_is(char c) {
    skip_space();
    return at_ < text_.size() && text_[at_] == c;
  }

  // Each member of the object here: `member(key)` reads its value. A key repeated (whose value
  // counts is the whole read's to say) is read whole.
  template <class Member>
  void object(Member member) {
    expect('{');
    if (next_is('}')) return expect('}');
    std::vector<std::string> keys;
    for (;;) {
      if (!next_is('"')) throw ReadWhole{};
      json key = value(0);
      for (const std::string& k : keys) {
        if (k == key.get_ref<const std::string&>()) throw ReadWhole{};
      }
      keys.push_back(key.get<std::string>());
      expect(':');
      member(keys.back());
      if (next_is(',')) {
        ++at_;
        continue;
      }
      return expect('}');
    }
  }

  // Each item of the array here: `item()` reads it.
  template <class Item>
  void array(Item item) {
    expect('[');
    if (next_is(']')) return expect(']');
    for (;;) {
      item();
      if (next_is(',')) {
        ++at_;
        continue;
      }
      return expect(']');
    }
  }

  // Nothing but whitespace is left.
  void end() {
    skip_space();
    if (at_ != text_.size()) throw ReadWhole{};
  }

 private:
  void skip_space() {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\n' || text_[at_] == '\r' || text_[at_] == '\t')) ++at_;
  }
  void expect(char c) {
    if (!next_is(c)) throw ReadWhole{};
    ++at_;
  }

  std::string_view text_;
  std::size_t at_ = 0;
  FastValueReader reader_;
};

// A document's lists of resources, made entities as they were read (held until the document's
// `links`, which may come after them, say whether it is one page of its collection). A deque: a
// vector grown by doubling would hold its entities up to three times over while it moves them.
class ReadResources : public EntityStore::ResourceLists {
 public:
  std::deque<Entity>& list(const std::string& key) {
    for (auto& [k, entities] : lists_) {
      if (k == key) return entities;
    }
    return lists_.emplace_back(key, std::deque<Entity>()).second;
  }
  bool has(const std::string& key) const override {
    for (const auto& [k, entities] : lists_) {
      if (k == key) return true;
    }
    return false;
  }
  void each(const std::string& key, const std::function<void(Entity& entity)>& add) override {
    for (Entity& e : list(key)) add(e);
  }

 private:
  std::vector<std::pair<std::string, std::deque<Entity>>> lists_;
};

// A document ({data, included, links, ...}) into the store, read as `source`; what stays of it:
// its members but the lists (the site guard reads its links).
json add_document(TextWalk& walk, const std::string& source, EntityStore& store) {
  json members = json::object();
  ReadResources lists;
  walk.object([&](const std::string& key) {
    if ((key == "data" || key == "included") && walk.next_is('[')) {
      std::deque<Entity>& entities = lists.list(key);
      walk.array([&] {
        json resource = walk.value(kAroundResource);
        entities.push_back(parse_entity(std::move(resource), source + ": " + key + "[" + std::to_string(entities.size()) + "]"));
      });
    } else {
      members[key] = walk.value(kAroundDocumentMember);
    }
  });
  // What stays in the input: the document's links, which the site guard reads.
  json kept = json::object();
  if (members.contains("links")) kept["links"] = members["links"];
  store.add_document(std::move(members), source, &lists);
  return kept;
}

// One entry of the input's documents ({name, document}) into the store; what stays of it.
json add_entry(TextWalk& walk, std::size_t index, EntityStore& store) {
  json entry = json::object();
  bool document = false;
  walk.object([&](const std::string& key) {
    // The entry's name names its resources: it must come first. A name that is not text is left
    // to make_engine's own reading, which says what it means.
    if (key == "name" && document) throw ReadWhole{};
    if (key != "document") {
      entry[key] = walk.value(kAroundEntryMember);
      if (key == "name" && !entry[key].is_string()) throw ReadWhole{};
      return;
    }
    if (!walk.next_is('{')) throw ReadWhole{};
    document = true;
    entry[key] = add_document(walk, entry.value("name", "document " + std::to_string(index)), store);
  });
  if (!document) throw ReadWhole{};
  return entry;
}

// The input without its documents' lists, and the store of their resources.
EntityStore read_documents(std::string_view text, json& input) {
  TextWalk walk(text);
  json rest = json::object();
  EntityStore store;
  bool documents = false;
  walk.object([&](const std::string& key) {
    if (key != "documents") {
      rest[key] = walk.value(kAroundInputMember);
      return;
    }
    if (!walk.next_is('[')) throw ReadWhole{};
    documents = true;
    json& entries = rest[key] = json::array();
    walk.array([&] { entries.push_back(add_entry(walk, entries.size(), store)); });
  });
  walk.end();
  if (!documents) throw ReadWhole{};  // nothing to gain here
  input = std::move(rest);
  return store;
}

}  // namespace

EngineInput read_engine_input(const std::string& text) {
  EngineInput out;
  try {
    json input;
    EntityStore store = read_documents(text, input);
    out.parsed.ok = true;
    out.parsed.value = std::move(input);
    out.documents = std::move(store);
    return out;
  } catch (const ReadWhole&) {
  } catch (const std::bad_alloc&) {
    throw;  // the whole read would need more memory still
  } catch (const std::exception&) {
    // A resource the store refuses (EntityFormatError), or any other surprise: read whole below,
    // where make_engine meets it in its usual place.
  }
  out.parsed = parse_json(text);
  return out;
}

}  // namespace moodle_sync
