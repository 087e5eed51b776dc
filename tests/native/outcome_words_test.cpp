// Outcomes and intents are enums inside the core; their words are written in reports and plans and
// read back by the replay, so each word must stand for exactly one value.
#include <gtest/gtest.h>

#include <set>

#include "engine/outcome.hpp"

using namespace moodle_sync;

TEST(OutcomeWords, EveryOutcomeReadsBackAsItself) {
  std::set<std::string> words;
  for (Outcome o : {Outcome::created, Outcome::recovered, Outcome::adopted, Outcome::updated, Outcome::unchanged, Outcome::ignored, Outcome::stale,
                    Outcome::blocked, Outcome::failed, Outcome::skipped, Outcome::deleted}) {
    EXPECT_FALSE(to_string(o).empty());
    EXPECT_EQ(outcome_from_string(to_string(o)), o) << to_string(o);
    words.insert(to_string(o));
  }
  EXPECT_EQ(words.size(), 11u);
  // An id the journal kept from a run stopped before its write-back: that run created the object.
  EXPECT_EQ(to_string(Outcome::recovered), "created (recovered)");
  EXPECT_EQ(to_string(Outcome::none), "");
  EXPECT_EQ(outcome_from_string("pending"), Outcome::none);
}

TEST(OutcomeWords, IntentsKeepThePlanWords) {
  EXPECT_EQ(to_string(Intent::delete_object), "delete");
  EXPECT_EQ(to_string(Intent::move_to_trash), "move_to_trash");
  EXPECT_EQ(to_string(Intent::remove_members), "remove_members");
  EXPECT_EQ(outcome_of(Intent::create), Outcome::created);
  EXPECT_EQ(outcome_of(Intent::delete_object), Outcome::deleted);
  EXPECT_EQ(outcome_of(Intent::suspend), Outcome::none);
}
