#pragma once
// The state store: what a run keeps for the next one. The core defines it; each host implements
// it (a file beside the export for the CLI, memory for tests, a store of the serverless host).
// It holds only what neither Drupal nor Moodle can tell the next run:
//
//   {"component", "type", "uuid", "idnumber", "moodle_id"}
//       a moodle id Moodle gave, appended before it is written back to Drupal: a run killed in
//       between loses no id, and the next run takes the object over instead of making another.
//   {"kind": "copy", "type", "uuid", "shortname", "after_id"}
//       a template copy about to be made: a run killed during it adopts that copy by shortname.
//   {"kind": "enrolment", "userid", "courseid", "roleid", "suspend", "timestart", "timeend",
//    "status": "active" | "removed", "shared"?, "intent"?, "type", "uuid", "id", "idnumber"}
//       an enrolment claim of a registration (type, uuid): the values last sent, so that a run
//       sends only what changed, and the claim itself once the registration is gone. `shared`:
//       the enrolment was made by hand and only the role is moodle-sync's. `intent`: appended
//       BEFORE the call; the same record without it confirms the answer. An intent found on load
//       means "claimed, state unknown": Moodle is read and the claim is sent again, never taken
//       as done. Records of older versions with `"adopted": true` are read the same way.
//   {"kind": "high_water", "type", "changed"}
//       of a live source: per entity type, the server's time (the HTTP Date of the first page)
//       when this run's listing of the type (full or changed) began, so that the next incremental
//       run reads only what changed since (minus the source's overlap, which also covers an edit
//       saved between the listing's query and its Date). Not the largest `changed` read: an edit
//       saved during a long read, to an entity of a page already read, has a `changed` below those
//       of later pages and would be skipped for good. A read without a Date (a host or a proxy
//       that drops it) falls back to the largest `changed` (unix seconds; Drupal prints RFC 3339,
//       an integer is taken as it is) among the entities read. Without either, a type keeps
//       its mark; a mark never moves back; a run that stopped on a fatal error advances none; a
//       full read that lists complete_types advances only those types (a read cut short may have
//       missed entities older than the newest it saw); an incremental read, handed to the engine
//       only once all its listings reached their end, advances every type it read. An unparsable `changed` is not counted and
//       is named in one note of the report; it fails nothing (the sync does not use it).
//   {"kind": "pending", "type", "uuid"}
//       of a live source: an entity read in this run that did not reach its goal (failed, skipped,
//       stale, its write-back not confirmed): the next incremental run reads it again by uuid,
//       whether it changed or not. Dropped once a run reads it and it syncs, or once it is gone (a
//       census or a complete read lacks it); kept while it is not read. A file export (no read
//       scope) writes neither kind and keeps such records as they are.
//   {"kind": "written", "type", "uuid", "changed"}
//       of a live source: the `changed` (unix seconds) Drupal's answer to a confirmed write-back
//       gave the entity. The next read finds it changed by the tool itself, not by a person: it is
//       planned again, but what depends on it is not read. Dropped once a run (not stopped on a
//       fatal error) reads the entity again, or once it is gone; kept while it is not read.
//   {"kind": "resume", "mode": "full"}
//       a full read whose run its time budget stopped (engine input `budget`): the next scheduled
//       request reads in full again (op sync_request answers `resumed: true`) instead of reading
//       what changed, until a full read ends; only such a read removes what Drupal no longer has.
//       Other runs keep it as it is. A stopped run keeps every id record, claim and intent, writes
//       `pending` for the entities it did not reach, and moves no high-water mark.
//   {"kind": "table_size", "table", "rows", "bytes"}
//       the size of a Moodle table (course, cohort) as its last whole read found it: the next run
//       decides by it whether the objects it needs cost fewer bytes read by an id list than the
//       whole table (engine/read_forms.hpp). Only a whole read replaces it; one whose answer is
//       under 16 KiB drops it (no id list can save enough there).
//   An id record ({"component", ..., "moodle_id"}) of an entity a live read left out is kept until
//   the entity is read again and shows the id, or is known gone.
//   Cohort members need no record: they are the difference between Drupal and Moodle's members.
//   Ownership needs none either: a registration claims its (user, course) pair, so a run without
//   any record still suspends or removes what a canceled registration asks.
//
// Operations, performed by the host on the engine's actions (moodle_sync/engine.hpp):
//   load()            the records of earlier runs, in the order written (a record cut by a kill is
//                     skipped); empty when there is none. Passed to the engine as "journal", or
//                     the file's text as it is, as "journal_text" (read by journal_records below).
//   append(records)   action "journal": durable before the host answers, and before the call it
//                     announces is sent.
//   replace(records)  action "journal_replace", the run's last: the whole state to keep, decided by
//                     the core; atomic (a kill leaves the old or the new state), and only after the
//                     write-backs of the run are saved. The core gives it as the file's text
//                     (Engine::journal_text(): one JSON line a record), written record by record.
//   lock / unlock     one run at a time on one state: a second run refuses to start, naming the
//                     holder (pid, host, start time); a lock left by a dead run is detected.

#include <string>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

// The records of a journal's text (JSON lines), in order, as the hosts read it: a blank line is
// nothing, and a line that is not JSON (the last one, cut by a kill mid-write) is skipped. A
// decimal that is a whole number within 2^53 (7.0, 1e4) is that integer, as JSON.parse reads it.
// A line that is JSON but that the core cannot hold (nested past its limit, a lone surrogate
// escape, a number past a double's range) is no cut line: skipped, it would be gone from the file
// at the next rewrite, an id lost with it. `refused` then names the line, and nothing is read.
json journal_records(const std::string& text, std::string& refused);
// The same, for a text written by the core itself (which holds no such line).
json journal_records(const std::string& text);

// Appends `record`'s line to a journal's text: its JSON as JavaScript's JSON.stringify writes it
// (no spaces, UTF-8 as it is, a malformed byte as U+FFFD), then a newline.
void append_journal_line(std::string& text, const json& record);

}  // namespace moodle_sync
