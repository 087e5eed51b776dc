// The `timezone` input of a pull: the UTC offsets of the report's time zone, read from Intl.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TimeZoneError, timeZoneTransitions } from '../../../js/host/time-zone.mjs';

const at = (iso) => Date.parse(iso) / 1000;
const offsetAt = ({ transitions }, t) => transitions.filter(([start]) => start <= t).at(-1)[1];

test('Europe/Paris: summer time starts and ends on the second of the EU rule', () => {
  const paris = timeZoneTransitions('Europe/Paris');
  assert.equal(paris.name, 'Europe/Paris');
  assert.deepEqual(paris.transitions[0], [0, 3600], '1970 starts in CET');
  const of = (iso) => paris.transitions.find(([start]) => start === at(iso));
  // Last Sunday of March and of October, at 01:00 UTC.
  assert.deepEqual(of('2026-03-29T01:00:00Z'), [at('2026-03-29T01:00:00Z'), 7200]);
  assert.deepEqual(of('2026-10-25T01:00:00Z'), [at('2026-10-25T01:00:00Z'), 3600]);
  assert.deepEqual(of('2099-10-25T01:00:00Z'), [at('2099-10-25T01:00:00Z'), 3600]);
  // Before 1996 summer time ended on the last Sunday of September.
  assert.deepEqual(of('1995-09-24T01:00:00Z'), [at('1995-09-24T01:00:00Z'), 3600]);
  assert.equal(offsetAt(paris, at('2026-03-29T00:59:59Z')), 3600);
  assert.equal(offsetAt(paris, at('2026-12-05T22:58:00Z')), 3600);
  assert.equal(offsetAt(paris, at('2026-07-01T12:00:00Z')), 7200);
  // Two changes a year, 1976 to 2099 (summer time came back to France in 1976).
  assert.equal(paris.transitions.length, 1 + 2 * (2099 - 1976 + 1));
  for (let i = 1; i < paris.transitions.length; i += 1) {
    assert.ok(paris.transitions[i][0] > paris.transitions[i - 1][0], 'transitions in order');
    assert.notEqual(paris.transitions[i][1], paris.transitions[i - 1][1], 'each one changes the offset');
  }
});

test('a zone without summer time has one offset, UTC has zero', () => {
  assert.deepEqual(timeZoneTransitions('Asia/Tokyo').transitions, [[0, 32400]]);
  assert.deepEqual(timeZoneTransitions('UTC').transitions, [[0, 0]]);
});

test('a zone whose offset is not whole hours keeps its minutes', () => {
  assert.deepEqual(timeZoneTransitions('Asia/Kathmandu').transitions.at(-1), [at('1985-12-31T18:30:00Z'), 20700]);
});

test('an unknown zone is a setup error naming the setting', () => {
  assert.throws(() => timeZoneTransitions('Mars/Olympus_Mons'), (e) => e instanceof TimeZoneError && e.exitCode === 2
    && /completion\.report_timezone: "Mars\/Olympus_Mons" is not a time zone/.test(e.message));
});
