// The serverless handler end to end over real HTTP: the example site in the Drupal simulator (whose
// entity events go, like the contrib webhooks module's, to the handler's /events), the Moodle
// simulator, and the handler served by @hono/node-server as `moodle-sync serve` serves it. The
// handler's clock is the Drupal site's clock, moved only by the tests (tick); its waits (a burst's
// window, the re-reads of an entity not committed yet, a request's wait for its run) are real but
// shortened, and a not-yet-committed entity is one that misses a number of reads, not a time, so
// nothing depends on the machine's clock.
import { createHmac } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { serveContext, startServer } from '../../../js/host/serve-command.mjs';
import { core, makeLiveSite } from '../source-jsonapi/live-harness.mjs';

export const EVENTS_SECRET = 'events-secret-'.padEnd(48, 'e');
export const HEALTH_TOKEN = 'health-token-'.padEnd(40, 'h');
export const COMPLETION_SECRET = 'completion-secret-'.padEnd(48, 'c');

export const COURSE_DE = '1b5fe941-c8f1-5244-9986-7801df666730';   // nid 100: course-100
export const USER_ANNA = '96d50cbe-5430-5054-88a6-6171d9da671e';   // uid 20: user-20
export const REGISTRATION_ANNA_DE = 'f91b2000-36b5-561c-986c-b7c23abe917f';  // Anna in course 100
export const CATEGORY_LANGUAGES = '1d207f5c-a389-5324-a031-a41e56f3fa30';
export const ROLE_STUDENT_TERM = 'bace1c5d-c8fc-58a5-867c-644a6d30bdb7';

/** `X-Moodle-Sync-*` headers of our signed form for `body` at unix second `ts`. */
export function signedHeaders(body, ts, secret = EVENTS_SECRET) {
  return {
    'content-type': 'application/json',
    'x-moodle-sync-timestamp': String(ts),
    'x-moodle-sync-signature': `sha256=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`,
  };
}

async function answerOf(response) {
  const text = await response.text();
  let body;
  try { body = JSON.parse(text); } catch { body = text; }
  return { status: response.status, headers: response.headers, text, body };
}

/**
 * A site with the handler in front: `webhook` (the Drupal simulator's webhook settings; null for
 * none), `events` (the configuration's events section), `config(c)` a patch of the configuration,
 * `handler` {fetchImpl} for Moodle (or a function of the live site giving it), `initialSync` a
 * signed full /sync before the test, `env` changes of the environment (undefined: unset).
 */
export async function eventsSite({ webhook = { signature: 'sha1' }, events = {}, config = (c) => c, drupal = {}, handler: handlerOptions = {}, initialSync = true, env: envPatch = {} } = {}) {
  const live = await makeLiveSite({
    drupal,
    config: (c) => {
      c.events = { commit_waits_ms: [250, 500, 1000, 2000, 4000], ...events };
      return config(c) ?? c;
    },
  });
  const env = {
    ...live.env,
    MOODLE_SYNC_EVENTS_SECRET: EVENTS_SECRET,
    MOODLE_SYNC_HEALTH_TOKEN: HEALTH_TOKEN,
    MOODLE_SYNC_COMPLETION_SECRET: COMPLETION_SECRET,
    ...envPatch,
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const logLines = [];
  // The handler's waits, 20 times shorter: a 2 s window is 100 ms, a request waits 1 s for its run.
  const sleep = (ms) => delay(ms / 20);
  const { fetchImpl } = typeof handlerOptions === 'function' ? handlerOptions(live) : handlerOptions;
  // `serve` in this process: the CLI's journal and run lock, its file store beside the journal.
  const served = await serveContext(core, live.configFile, { env, now: () => live.now(), sleep, log: (line) => logLines.push(line), fetchImpl });
  const server = await startServer(served, { port: 0 });
  const base = server.url;
  if (webhook) live.drupal.webhooks.add({ url: `${base}/events`, secret: EVENTS_SECRET, ...webhook });

  const runIds = [];
  const site = {
    ...live, env, base, logLines,
    /** POSTs `body` (text) to `path` with `headers`. */
    async post(path, body, headers = { 'content-type': 'application/json' }) {
      const answer = await answerOf(await fetch(`${base}${path}`, { method: 'POST', headers, body }));
      if (answer.status === 202 && answer.body?.run_id) runIds.push(answer.body.run_id);
      return answer;
    },
    async get(path, headers = {}) {
      return answerOf(await fetch(`${base}${path}`, { headers }));
    },
    /** POSTs `value` (JSON) to `path` signed in our form at the site's time (or `ts`). */
    signedPost(path, value, { ts = Math.floor(live.now()), secret } = {}) {
      const body = typeof value === 'string' ? value : JSON.stringify(value);
      return site.post(path, body, signedHeaders(body, ts, secret));
    },
    /** Re-sends one of the Drupal simulator's webhook deliveries exactly as it went. */
    replay(delivery) {
      return site.post(new URL(delivery.url).pathname, delivery.request.body, delivery.request.headers);
    },
    /** Waits for every webhook POST and for every run answered 202 to be over (GET /events/runs/<id>). */
    async idle() {
      await live.drupal.webhooks.idle();
      const ids = [...runIds, ...live.drupal.webhooks.deliveries.map((d) => safeJson(d.response)?.run_id)].filter(Boolean);
      for (const id of new Set(ids)) {
        for (let i = 0; ; i += 1) {
          const run = await site.get(`/events/runs/${id}`, { authorization: `Bearer ${HEALTH_TOKEN}` });
          if (run.status !== 200) throw new Error(`run ${id}: ${run.status} ${run.text}`);
          if (!['queued', 'running'].includes(run.body.state)) break;
          if (i > 2000) throw new Error(`run ${id} still ${run.body.state}; log: ${logLines.join('\n')}`);
          await delay(10);
        }
      }
    },
    /** Moodle's courses, users, enrolments by idnumber / user+course. */
    moodleCourses: (idnumber) => [...live.sim.state.courses.values()].filter((c) => idnumber === undefined || c.idnumber === idnumber),
    moodleUsers: (idnumber) => [...live.sim.state.users.values()].filter((u) => idnumber === undefined || u.idnumber === idnumber),
    /** Drupal deliveries the handler answered, with their answers decoded. */
    answers: () => live.drupal.webhooks.deliveries.map((d) => ({ ...d, answer: safeJson(d.response) })),
    async close() {
      await site.idle().catch(() => {});
      await server.close();
      await live.close();
    },
  };
  if (initialSync) {
    const first = await site.signedPost('/sync', { full: true });
    if (first.status !== 200 || first.body?.report?.summary?.failed) throw new Error(`the set-up sync failed: ${first.status} ${first.text.slice(0, 2000)}`);
    await site.idle();
    live.tick(60);
  }
  return site;
}

function safeJson(text) {
  try { return JSON.parse(text); } catch { return text; }
}

const AUTHENTICATED_ROLE = { type: 'user_role--user_role', id: '083bb821-9371-5fba-a178-b3227d51b38f', meta: { drupal_internal__target_id: 'authenticated' } };

/** A new course node as a Drupal editor saves it (nid `nid`, idnumber course-<nid> in Moodle). */
export function newCourse(nid, title = `Course ${nid}`) {
  return {
    id: `00000000-0000-4000-8000-${String(nid).padStart(12, '0')}`,
    attributes: {
      drupal_internal__nid: nid, drupal_internal__vid: 5000 + nid, title, status: true, field_code: `NEW-${nid}`,
      body: { value: `<p>${title}</p>`, format: 'basic_html', processed: `<p>${title}</p>` },
      field_start_date: '2027-03-01T09:00:00+01:00', field_end_date: '2027-06-30T17:00:00+02:00',
      field_published: true, field_level: 'A2', field_moodle_id: '',
    },
    relationships: {
      field_category: { data: { type: 'taxonomy_term--course_categories', id: CATEGORY_LANGUAGES, meta: { drupal_internal__target_id: 1 } } },
      field_template: { data: null },
    },
  };
}

/** A new user (uid `uid`, user-<uid> in Moodle). */
export function newUser(uid, name = `new.user${uid}`) {
  return {
    id: `00000000-0000-4000-a000-${String(uid).padStart(12, '0')}`,
    attributes: {
      drupal_internal__uid: uid, name, mail: `${name}@northfield.example`, status: true, field_first_name: 'New',
      field_last_name: `User ${uid}`, field_city: 'Northfield', field_moodle_id: '', timezone: 'Europe/Berlin',
    },
    relationships: { field_groups: { data: [] }, roles: { data: [AUTHENTICATED_ROLE] } },
  };
}

/** A new registration of the user (uuid, uid) in the course nid. */
export function newRegistration(n, { userUuid, uid, nid }) {
  return {
    id: `00000000-0000-4000-b000-${String(n).padStart(12, '0')}`,
    attributes: { drupal_internal__registration_id: n, entity_type_id: 'node', entity_id: nid, count: 1, state: 'complete',
      field_moodle_id: '', field_completed: null, field_completed_date: null, field_completed_activities: null },
    relationships: {
      registration_type: { data: { type: 'registration_type--registration_type', id: '401948f4-77c4-59f2-886e-b867dd892773', meta: { drupal_internal__target_id: 'course_registration' } } },
      user_uid: { data: { type: 'user--user', id: userUuid, meta: { drupal_internal__target_id: uid } } },
      field_role: { data: { type: 'taxonomy_term--enrolment_roles', id: ROLE_STUDENT_TERM, meta: { drupal_internal__target_id: 40 } } },
    },
  };
}

/** The Moodle enrolments of the user `userIdnumber` in the course `courseIdnumber`: [{status}]. */
export function moodleEnrolments(sim, userIdnumber, courseIdnumber) {
  const state = sim.state;
  const user = [...state.users.values()].find((u) => u.idnumber === userIdnumber);
  const course = [...state.courses.values()].find((c) => c.idnumber === courseIdnumber);
  if (!user || !course) return [];
  const instances = new Set([...state.enrolInstances.values()].filter((i) => i.courseid === course.id).map((i) => i.id));
  return [...state.userEnrolments.values()].filter((ue) => ue.userid === user.id && instances.has(ue.enrolid));
}

/** The Moodle write calls since the call log's index `from`. */
export const moodleWritesSince = (sim, from) => sim.callLog.slice(from).filter((c) => !/_get_|get_site_info|_search_|_retrieve_|_list_/.test(c.wsfunction ?? ''));
