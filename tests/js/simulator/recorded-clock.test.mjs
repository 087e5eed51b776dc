// The replay's clock: each case runs at the time it was recorded (conformance/recorded-clock.mjs).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordedClocks } from './conformance/recorded-clock.mjs';

const answer = (json) => ({ response: { json } });

test('each case runs at the latest timecreated/timemodified recorded in it or before it', () => {
  const cases = [
    { response: { json: null } },
    answer([{ id: 1, timecreated: 1000, timemodified: 1010 }]),
    { response: { json: null }, state_after: { via: 'db', rows: [{ timemodified: 1020 }] } },
    answer([{ id: 1, timemodified: 1005 }]), // an older object read later: time does not go back
    answer({ courses: [{ timecreated: 900, timemodified: 900 }] }),
  ];
  assert.deepEqual(recordedClocks(cases), [1010, 1010, 1020, 1020, 1020]);
});

test('start and end dates are what a client asked for, not the clock', () => {
  const cases = [
    answer([{ timemodified: 2000 }]),
    { response: { json: null }, state_after: { user_enrolments: [{ timestart: 2000 + 864000, timeend: 2000 + 2592000, timemodified: 2001 }] } },
    answer([{ startdate: 9000, enddate: 9900 }]),
  ];
  assert.deepEqual(recordedClocks(cases), [2000, 2001, 2001]);
});

test('a file without any clock stamp takes its fixture\'s recordedAt, or the replay says it needs one', () => {
  const cases = [answer([{ id: 3, startdate: 5000 }]), answer(null)];
  assert.deepEqual(recordedClocks(cases, { file: 'x.jsonl', recordedAt: 4000 }), [4000, 4000]);
  assert.throws(() => recordedClocks(cases, { file: 'x.jsonl' }), /^Error: x\.jsonl: no timecreated or timemodified is recorded .* recordedAt/);
});
