// The Embind surface of the core: deliberately flat. The core knows nothing of JavaScript; this
// file only names what crosses the boundary (JSON text both ways), and js/core.mjs turns it into a
// JavaScript API that never hands a raw handle to its callers.
#include <emscripten/bind.h>
#include <malloc.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "moodle_sync/api.hpp"
#include "moodle_sync/document_set.hpp"
#include "moodle_sync/engine.hpp"
#include "moodle_sync/json_text.hpp"
#include "heap_settle.hpp"

namespace {

using moodle_sync::json;
using moodle_sync::to_text;

// A call's JSON text crosses the boundary as UTF-8 bytes in WebAssembly memory: JavaScript encodes
// the request with TextEncoder straight into `request` and decodes the answer with TextDecoder from
// a view on `answer`. Embind's std::string conversions walk every byte in JavaScript, which made the
// transfer of a large site's export and plan cost as much as parsing them.
std::string request;
std::string answer;

// A view on a buffer of `size` bytes for the next call's request (valid until memory grows: fill it at once).
emscripten::val request_buffer(std::size_t size) {
  request.resize(size);
  return emscripten::val(emscripten::typed_memory_view(size, reinterpret_cast<unsigned char*>(request.data())));
}

// Runs the operation on the request written into the buffer; a view on the answer's bytes, valid
// until the next call or release_answer(). The answer is ASCII (\u escapes beyond it): V8 keeps the
// decoded text one byte a character, and decodes and parses a plan's tens of megabytes quicker so.
emscripten::val call_api(const std::string& operation) {
  answer = moodle_sync::call_api_text(operation, request, true);
  std::string().swap(request);  // a site's export need not stay in memory beside its plan
  return emscripten::val(emscripten::typed_memory_view(answer.size(), reinterpret_cast<unsigned char*>(answer.data())));
}

void release_answer() { std::string().swap(answer); }

// The preview of the bundled example that places the core's lasting objects at the bottom of its
// memory (heap_settle.cpp), run once, before the first large request; whether it planned each
// component a sync plans.
bool settle_heap() {
  static const bool settled = moodle_sync_wasm::settle_heap();
  return settled;
}

std::string version() { return moodle_sync::core_version(); }

// Bytes the core's allocator holds for live objects now (its memory only grows; this does not):
// what benchmarks and memory tests compare between stages and runs.
double heap_in_use() { return static_cast<double>(mallinfo().uordblks); }

std::string json_text(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

// A request's JSON, parsed; null with `error` set when it is not JSON.
json input_of(moodle_sync::ParsedJson parsed, const char* what, json& error) {
  if (parsed.ok) return std::move(parsed.value);
  error = {{"kind", "input"}, {"message", std::string("the ") + what + " input is " + (parsed.too_deep ? parsed.message : "not valid JSON")}};
  return json();
}

// A request's JSON text; null with `error` set when it is not JSON.
json parsed_input(const std::string& text, const char* what, json& error) { return input_of(moodle_sync::parse_json(text), what, error); }

// The pages of a JSON:API read, held in WebAssembly memory: JavaScript hands each page's text over
// and keeps no copy.
class DocumentSetHandle {
 public:
  explicit DocumentSetHandle(const std::string& input_json) {
    json input = parsed_input(input_json, "document set", error_);
    if (error_.is_null()) set_ = moodle_sync::make_document_set(input, error_);
  }

  std::string error() const { return error_.is_null() ? std::string() : json_text(error_); }

  std::string add(const std::string& url, const std::string& query_json, const std::string& body, const std::string& date) {
    json query = moodle_sync::parse_json_or_discarded(query_json);
    try {
      return json_text(set_->add(url, query.is_discarded() ? json() : query, body, date));
    } catch (const std::exception& e) {
      return json_text({{"ok", false}, {"error", {{"class", "protocol"}, {"message", url + ": " + e.what()}}}});
    }
  }

  std::string followups() { return json_text(set_->followups()); }

  std::string add_gone(const std::string& answer_json) {
    json answer = moodle_sync::parse_json_or_discarded(answer_json);
    return json_text(set_->add_gone(answer.is_discarded() ? json() : answer));
  }

  const moodle_sync::DocumentSet& set() const { return *set_; }

 private:
  std::unique_ptr<moodle_sync::DocumentSet> set_;
  json error_;
};

// Moodle's answers to an observe run's reads, kept in WebAssembly memory for the apply run: they
// never cross to JavaScript as text and back unless a host asks for the text. (Copied out as text
// and written into the apply run's input, a whole course listing grew the course re-sync's heap
// from 47 to 69 MiB: the input then held it twice, as text and as its value.)
class SnapshotHandle {
 public:
  explicit SnapshotHandle(json value) : value_(std::move(value)) {}

  bool taken() const { return taken_; }
  std::string text() const { return json_text(value_); }

  // The answers copied anew and the old copies freed. Made while the observe run's engine ran, they
  // lie scattered over the heap; copied once it is gone, they leave larger gaps for the apply run's
  // input (megabytes in one block), which then grows the heap less (the people re-sync: 88 MiB
  // instead of 97).
  void compact() {
    json copy = value_;
    value_ = std::move(copy);
  }

  // The answers, moved out: an apply run takes them once.
  json take() {
    taken_ = true;
    return std::move(value_);
  }

 private:
  json value_;
  bool taken_ = false;
};

// The sans-IO engine for one run. Failures come back as JSON, never as a thrown number.
class EngineHandle {
 public:
  // The input's JSON text is the one JavaScript wrote into the request buffer. An engine whose
  // documents and read scope come from a document set (its own copy of them) gets `documents`;
  // `snapshot`, when given, answers the reads of an observe run and is taken (moved) from it.
  // The store file's text may follow the input's JSON after a NUL byte (no JSON text holds one):
  // it reaches the core as it is, as the input's "journal_text".
  EngineHandle(const DocumentSetHandle* documents, SnapshotHandle* snapshot) {
    json input;
    std::string journal;
    std::optional<moodle_sync::EntityStore> store;
    {
      std::string text;
      text.swap(request);  // the text lives only until it is read: not beside the engine's run
      if (std::size_t end = text.find('\0'); end != std::string::npos) {
        journal.assign(text, end + 1);
        text.resize(end);
      }
      if (documents) {
        input = parsed_input(text, "engine", error_);
      } else {
        moodle_sync::EngineInput read = moodle_sync::read_engine_input(text);  // the export's resources one at a time
        input = input_of(std::move(read.parsed), "engine", error_);
        store = std::move(read.documents);
      }
    }
    if (!error_.is_null()) return;
    if (!journal.empty() && input.is_object()) input["journal_text"] = std::move(journal);
    if (snapshot) input["snapshot"] = snapshot->take();
    engine_ = moodle_sync::make_engine(documents ? moodle_sync::with_documents(std::move(input), documents->set()) : std::move(input), error_,
                                       std::move(store));
  }

  std::string error() const { return error_.is_null() ? std::string() : error_.dump(-1, ' ', false, json::error_handler_t::replace); }

  std::string next() {
    try {
      return engine_->next().dump(-1, ' ', false, json::error_handler_t::replace);
    } catch (const std::exception& e) {
      return to_text(json{{"kind", "error"}, {"message", e.what()}});
    }
  }

  // The result's JSON text is the one JavaScript wrote into the request buffer (a listing's answer
  // can be megabytes: it is not copied on its way in). A result the engine cannot take ends the
  // run with a report instead of a bare number in JS.
  void feed() {
    json result;
    {
      std::string text;
      text.swap(request);
      result = moodle_sync::parse_json_or_discarded(text);
    }
    if (result.is_discarded()) result = json::object();
    take(std::move(result));
  }

  // A result whose body (a Moodle answer: megabytes for a listing) crossed as its own UTF-8 bytes:
  // the request buffer holds the body's `body_bytes` bytes, then the rest of the result as JSON text
  // (`"body": null` where the body belongs). The body is never JSON-escaped on its way, and the buffer
  // itself becomes the body's string. The engine gets the very value feed() would have parsed from
  // the result's whole JSON text. Bytes that are not UTF-8 (an answer read as bytes, not yet decoded
  // as response.text() decodes it), or a head that is not an object, are not taken: false, the buffer
  // emptied, and the host feeds the result again as text.
  bool feed_body(std::size_t body_bytes) {
    json result;
    if (body_bytes <= request.size()) result = moodle_sync::parse_json_or_discarded(request.substr(body_bytes));
    if (!result.is_object()) {
      std::string().swap(request);
      return false;
    }
    request.resize(body_bytes);
    if (moodle_sync::first_invalid_utf8(request) != std::string::npos) {
      std::string().swap(request);
      return false;
    }
    json body(std::move(request));
    result["body"] = std::move(body);  // in the place the head gave it: the value is the same, key order too
    std::string().swap(request);
    take(std::move(result));
    return true;
  }

  // A view on the report's text, valid until the engine is deleted: as a returned std::string,
  // Embind would copy it once more inside WebAssembly memory (megabytes, and the heap keeps its peak).
  emscripten::val report() {
    outcome_ = engine_->report_text(&report_entities_);
    return emscripten::val(emscripten::typed_memory_view(outcome_.size(), reinterpret_cast<const unsigned char*>(outcome_.data())));
  }

  // Where the last report()'s text holds the list of entities: [begin, end) in bytes. The host keeps
  // that part as bytes and parses the rest, so no scanner of its own looks for it.
  emscripten::val report_entities() const {
    emscripten::val span = emscripten::val::array();
    span.call<void>("push", static_cast<double>(report_entities_.first));
    span.call<void>("push", static_cast<double>(report_entities_.second));
    return span;
  }

  // A view on the journal_replace action's text (the store file's), valid until the engine is fed.
  emscripten::val journal_text() const {
    const std::string& text = engine_->journal_text();
    return emscripten::val(emscripten::typed_memory_view(text.size(), reinterpret_cast<const unsigned char*>(text.data())));
  }

  // The reads' answers of an observe run, for the plan and the apply run.
  // The plan of a dry run: the same value as the pure plan of its snapshot, without planning again.
  // A view, as report()'s: a large site's plan is tens of megabytes.
  emscripten::val plan(bool allow_removals) {
    outcome_ = engine_->plan_text(allow_removals);
    return emscripten::val(emscripten::typed_memory_view(outcome_.size(), reinterpret_cast<const unsigned char*>(outcome_.data())));
  }
  // Whether the plan may be applied, without the text of every entity's plan.
  std::string plan_verdict(bool allow_removals) const { return json_text(engine_->plan_verdict(allow_removals)); }

  SnapshotHandle snapshot() { return SnapshotHandle(engine_->take_snapshot()); }

 private:
  void take(json result) {
    try {
      engine_->feed(std::move(result));
    } catch (const std::exception& e) {
      engine_->stop(std::string("an answer could not be handled: ") + e.what());
    }
  }

  std::unique_ptr<moodle_sync::Engine> engine_;
  json error_;
  std::string outcome_;  // the text of the last report() or plan(), which JavaScript views
  std::pair<std::size_t, std::size_t> report_entities_{0, 0};  // where report()'s text holds the entities
};

}  // namespace

EMSCRIPTEN_BINDINGS(moodle_sync) {
  emscripten::function("requestBuffer", &request_buffer);
  emscripten::function("settleHeap", &settle_heap);
  emscripten::function("callApi", &call_api);
  emscripten::function("releaseAnswer", &release_answer);
  emscripten::function("version", &version);
  emscripten::function("heapInUse", &heap_in_use);
  emscripten::class_<DocumentSetHandle>("DocumentSet")
      .constructor<std::string>()
      .function("error", &DocumentSetHandle::error)
      .function("add", &DocumentSetHandle::add)
      .function("followups", &DocumentSetHandle::followups)
      .function("addGone", &DocumentSetHandle::add_gone);
  emscripten::class_<SnapshotHandle>("Snapshot")
      .function("taken", &SnapshotHandle::taken)
      .function("text", &SnapshotHandle::text)
      .function("compact", &SnapshotHandle::compact);
  emscripten::class_<EngineHandle>("Engine")
      .constructor<const DocumentSetHandle*, SnapshotHandle*>(emscripten::allow_raw_pointers())
      .function("error", &EngineHandle::error)
      .function("next", &EngineHandle::next)
      .function("feed", &EngineHandle::feed)
      .function("feedBody", &EngineHandle::feed_body)
      .function("report", &EngineHandle::report)
      .function("reportEntities", &EngineHandle::report_entities)
      .function("journalText", &EngineHandle::journal_text)
      .function("snapshot", &EngineHandle::snapshot)
      .function("plan", &EngineHandle::plan)
      .function("planVerdict", &EngineHandle::plan_verdict);
}
