// An engine's input read from its text, its documents' resources one at a time (engine.hpp). The
// tree of a whole site's export costs several times its text, and building it, then tearing it
// down once its resources were packed into entities, was a large part of planning a big site.
// Here the text is walked once: each resource is parsed alone and made an entity at once, and the
// rest of the input (the configuration, Moodle's answers) is parsed member by member. Anything
// unusual (text the strict reader refuses, a repeated key, a resource the store refuses) is read
// whole, the way it always was, so that its engine or its exact error stays what it was.
#include <deque>
#include <iterator>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
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

  // The value at the current place packed onto `out` (PackedFields' form), its containers nested
  // at most `levels` deep; false, with nothing read (and `out` perhaps holding a part), for
  // anything else, which the tree reader is left to read.
  bool pack(std::size_t levels, std::string& out) {
    std::size_t used = reader_.pack_prefix(text_.substr(at_), levels, out);
    at_ += used;
    return used > 0;
  }

  bool next_is(char c) {
    skip_space();
    return at_ < text_.size() && text_[at_] == c;
  }

  // Where the walk is, to come back to it.
  std::size_t place() const { return at_; }
  void back_to(std::size_t place) { at_ = place; }

  // Each member of the object here: `member(key)` reads its value. A key repeated (whose value
  // counts is the whole read's to say) is read whole. Each key is compared with those before it,
  // past kKeysCompared of them by a set.
  template <class Member>
  void object(Member member) {
    expect('{');
    if (next_is('}')) return expect('}');
    const std::size_t first = keys_used_;
    struct Release {  // the object's keys, when it is read or left
      std::size_t& used;
      std::size_t first;
      ~Release() { used = first; }
    } release{keys_used_, first};
    std::unordered_set<std::string_view> many;  // the keys, once there are many
    for (;;) {
      if (!next_is('"')) throw ReadWhole{};
      if (keys_used_ == keys_.size()) keys_.emplace_back();
      std::string& key = keys_[keys_used_];
      key.clear();
      const std::size_t used = reader_.string_prefix(text_.substr(at_), key);
      if (used == 0) throw ReadWhole{};
      at_ += used;
      if (keys_used_ - first < kKeysCompared) {
        for (std::size_t k = first; k < keys_used_; ++k) {
          if (keys_[k] == key) throw ReadWhole{};
        }
      } else {
        if (many.empty()) many.insert(keys_.begin() + static_cast<long>(first), keys_.begin() + static_cast<long>(keys_used_));
        if (!many.insert(key).second) throw ReadWhole{};
      }
      ++keys_used_;
      expect(':');
      member(static_cast<const std::string&>(key));
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

  static constexpr std::size_t kKeysCompared = 512;

  std::string_view text_;
  std::size_t at_ = 0;
  FastValueReader reader_;
  // The keys of the objects being walked, innermost last, kept from one object to the next (their
  // capacity reused). A deque: a key stays where it is while the objects in its value are walked.
  std::deque<std::string> keys_;
  std::size_t keys_used_ = 0;
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

// A resource made an entity straight from its text is not plain after all: it is read as a tree.
struct NotPlain {};

// What reading resources straight from text reuses from one to the next, its capacity kept: a
// field's packed value, and the members of a resource's attributes and relationships.
struct PackScratch {
  std::string value;
  std::vector<std::pair<std::string, std::string>> fields[2];
};

// A resource made an entity straight from its text: its type and uuid, and its attributes and
// relationships packed value by value, as parse_entity packs them from the resource's tree. Making
// that tree of every resource, then tearing it down, was the larger part of reading a big site.
// Anything parse_entity would not take plainly (a member of another kind, a field nested deeper
// than it reads, an id it refuses) gives nullopt, with the walk back at the resource: it is then
// read as a tree, so that its entity or its exact error stays what it was.
std::optional<Entity> plain_entity(TextWalk& walk, const std::string& where, PackScratch& scratch) {
  const std::size_t start = walk.place();
  if (!walk.next_is('{')) return std::nullopt;
  try {
    std::optional<std::string> type, uuid;
    auto& fields = scratch.fields;  // attributes, relationships
    fields[0].clear();
    fields[1].clear();
    walk.object([&](const std::string& key) {
      if (key == "type" || key == "id") {
        json value = walk.value(kAroundResource + 1);
        if (!value.is_string() || value.get_ref<const std::string&>().empty()) throw NotPlain{};
        (key == "type" ? type : uuid) = std::move(value.get_ref<std::string&>());
        return;
      }
      const bool attributes = key == "attributes";
      if (!attributes && key != "relationships") {
        walk.value(kAroundResource + 1);  // links, meta: not kept
        return;
      }
      if (!attributes && walk.next_is('n')) {  // relationships: null are none
        if (!walk.value(kAroundResource + 1).is_null()) throw NotPlain{};
        return;
      }
      if (!walk.next_is('{')) throw NotPlain{};
      auto& members = fields[attributes ? 0 : 1];
      walk.object([&](const std::string& name) {
        scratch.value.clear();
        if (!walk.pack(kMaxFieldDepth, scratch.value)) throw NotPlain{};
        members.emplace_back(name, scratch.value);
      });
    });
    if (!type || !uuid) throw NotPlain{};
    // Each entity's fields in a vector of their exact number: a vector grown member by member
    // would keep up to twice that, for as long as the entity lives.
    auto exact = [](std::vector<std::pair<std::string, std::string>>& members) {
      return PackedFields(std::vector<std::pair<std::string, std::string>>(std::make_move_iterator(members.begin()), std::make_move_iterator(members.end())));
    };
    return make_entity(std::move(*type), std::move(*uuid), exact(fields[0]), exact(fields[1]), where);
  } catch (const NotPlain&) {
  } catch (const EntityFormatError&) {
  }
  walk.back_to(start);
  return std::nullopt;
}

// A document ({data, included, links, ...}) into the store, read as `source`; what stays of it:
// its members but the lists (the site guard reads its links).
json add_document(TextWalk& walk, const std::string& source, EntityStore& store) {
  json members = json::object();
  ReadResources lists;
  PackScratch scratch;
  walk.object([&](const std::string& key) {
    if ((key == "data" || key == "included") && walk.next_is('[')) {
      std::deque<Entity>& entities = lists.list(key);
      walk.array([&] {
        const std::string where = source + ": " + key + "[" + std::to_string(entities.size()) + "]";
        if (std::optional<Entity> plain = plain_entity(walk, where, scratch)) {
          entities.push_back(std::move(*plain));
          return;
        }
        json resource = walk.value(kAroundResource);
        entities.push_back(parse_entity(std::move(resource), where));
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
