#pragma once
// What the state store says about enrolments. A registration claims its (user, course) pair; the
// records only save reads and carry what Moodle and Drupal cannot tell: the values last sent,
// claims whose registration is gone, and intents written before a call whose answer never came.
#include <map>
#include <set>
#include <string>

#include "moodle_sync/json.hpp"

namespace moodle_sync {

std::string enrolment_key(long long user, long long course, long long role);

// Each record is the state store's own, where the engine holds it (EngineSetup::journal, read until
// the run has finished): a people site's journal holds tens of thousands of enrolment records, and a
// copy of each here was the largest part of a re-sync's engine.
struct EnrolmentClaims {
  // Confirmed: the enrolment as last sent (status "active", `suspend` telling its state), or a
  // role added beside an enrolment made by hand (`shared`).
  std::map<std::string, const json*> known;
  // Claimed, state unknown: an intent whose answer was never confirmed, or a record of an older
  // version that took an enrolment over as "adopted". Moodle is read and the claim is sent again.
  std::map<std::string, const json*> unknown;
  // Confirmed removed (unenrolled, or the role taken back).
  std::map<std::string, const json*> removed;

  // Reads the records in the order they were written: the latest record of a key speaks for it.
  // `records` must outlive the claims (they point into it).
  void load(const json& records);
  void index();  // after load: the per-pair views below
  // The roles of a pair moodle-sync holds a claim on (shared roles aside).
  std::set<long long> claimed_roles(long long user, long long course) const;
  // Whether any record says the pair's enrolment was made by hand (only a role is moodle-sync's).
  bool shared(long long user, long long course) const;

 private:
  std::map<std::pair<long long, long long>, std::set<long long>> roles_by_pair_;
  std::set<std::pair<long long, long long>> shared_pairs_;
};

}  // namespace moodle_sync
