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
//   Cohort members need no record: they are the difference between Drupal and Moodle's members.
//   Ownership needs none either: a registration claims its (user, course) pair, so a run without
//   any record still suspends or removes what a canceled registration asks.
//
// Operations, performed by the host on the engine's actions (moodle_sync/engine.hpp):
//   load()            the records of earlier runs, in the order written (a record cut by a kill is
//                     skipped); empty when there is none. Passed to the engine as "journal".
//   append(records)   action "journal": durable before the host answers, and before the call it
//                     announces is sent.
//   replace(records)  action "journal_replace", the run's last: the whole state to keep, decided by
//                     the core; atomic (a kill leaves the old or the new state), and only after the
//                     write-backs of the run are saved.
//   lock / unlock     one run at a time on one state: a second run refuses to start, naming the
//                     holder (pid, host, start time); a lock left by a dead run is detected.
