// The simulated Moodle 4.5 site behind an HTTP server: /webservice/rest/server.php answers like the
// recordings in /work/shared/moodle-4.5-transcripts, with optional fault injection and a call log.

import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { SimState } from './state.mjs';
import { functions as allFunctions, seedState, settleState } from './functions/index.mjs';
import { RECORDED_SERVICE_ORDER } from './moodle-functions.mjs';
import { dispatch, requestSummary } from './rest-dispatch.mjs';
import { DEADLOCK_BODY, FAULT_KINDS, faultForCall, gatewayTimeoutPage, normaliseFaults, phpFatalErrorPage } from './faults.mjs';
import { loadStateFile, saveStateFile } from './persistence.mjs';
import { callLatencyMs, latencyModel } from './latency.mjs';
import { DEFAULT_COURSE_CUSTOM_FIELDS } from './functions/course-customfields.mjs';
import { completionControl, controlRoute } from './completion/control.mjs';

/** The simulator-only control route of completion (no Moodle has it). */
export const COMPLETION_CONTROL_PATH = '/simulator/completion';

export const ENDPOINT = '/webservice/rest/server.php';

const newToken = () => randomBytes(16).toString('hex');

/**
 * The service named in the token: moodle_sync holds every implemented function (or only
 * `serviceFunctions` when given), in the site's order.
 */
function buildServices(functions, serviceFunctions) {
  const implemented = Object.keys(functions).filter((name) => !serviceFunctions || serviceFunctions.includes(name));
  const ordered = RECORDED_SERVICE_ORDER.filter((name) => implemented.includes(name));
  const extra = implemented.filter((name) => !ordered.includes(name)).sort();
  return {
    moodle_sync: { shortname: 'moodle_sync', functions: [...ordered, ...extra] },
    other_service: { shortname: 'other_service', functions: ['core_webservice_get_site_info'] },
  };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Control operations write the state file after they ran, like write calls do. */
function wrapSaving(ops, save) {
  return Object.fromEntries(Object.entries(ops).map(([name, fn]) => [name, (...args) => {
    const result = fn(...args);
    save();
    return result;
  }]));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the simulator.
 * @param {object} options
 * @param {number} [options.port=0]  0 picks a free port
 * @param {string} [options.host='127.0.0.1']
 * @param {string} [options.stateFile]  load on start if present, save after every write call
 * @param {number} [options.maxInputVars=5000]  PHP max_input_vars
 * @param {number} [options.postMaxSize=8388608]  PHP post_max_size: bigger bodies are not read at all
 * @param {object} [options.faults]  { latencyMs, rate, seed, kinds, script: { n: kind }, htmlStatus, lateBy }
 * @param {boolean|object} [options.latency]  a Moodle-like time per call (latency.mjs): a fixed cost
 *   plus a cost per item that grows with the batch; `latency.wait(ms)` lets that time pass (default: a timer)
 * @param {() => number} options.clock  the site's clock, seconds since the epoch (required: the
 *   simulator never reads the machine's clock, so a test can pin it and a command can pass the wall clock)
 * @param {Array} [options.courseCustomFields]  course custom field definitions (default: labdept, level)
 * @param {string[]} [options.serviceFunctions]  the functions of the moodle_sync service (default: all implemented)
 */
export async function startSimulator({
  port = 0, host = '127.0.0.1', stateFile, maxInputVars = 5000, postMaxSize = 8 * 1024 * 1024,
  faults, latency, clock, courseCustomFields = DEFAULT_COURSE_CUSTOM_FIELDS, siteName = 'Lab', serviceFunctions,
} = {}) {
  if (typeof clock !== 'function') throw new TypeError('startSimulator: options.clock is required (a function returning seconds since the epoch)');
  const now = clock;
  const loaded = loadStateFile(stateFile);
  const state = loaded?.state ?? new SimState();
  if (!loaded) seedState(state, { now: now(), siteName });
  settleState(state);
  const tokenValues = loaded?.tokens ?? { admin: newToken(), nocap: newToken(), otherservice: newToken() };

  const services = buildServices(allFunctions, serviceFunctions);
  const tokenRegistry = new Map([
    [tokenValues.admin, { userid: 2, hasCapabilities: true, service: services.moodle_sync }],
    [tokenValues.nocap, { userid: 3, hasCapabilities: false, service: services.moodle_sync }],
    [tokenValues.otherservice, { userid: 2, hasCapabilities: true, service: services.other_service }],
  ]);
  // Tokens made for users (a student's own token): kept in the state (deleting the user deletes
  // them, as delete_user() does), on the moodle_sync service.
  const registerUserToken = (row) => {
    tokenRegistry.set(row.token, { userid: row.userid, hasCapabilities: false, service: services.moodle_sync, userToken: true });
    if (row.name) tokenValues[row.name] = row.token;
  };
  const lookUpToken = tokenRegistry.get.bind(tokenRegistry);
  tokenRegistry.get = (token) => {
    const entry = lookUpToken(token);
    if (entry?.userToken && ![...sim.state.externalTokens.values()].some((row) => row.token === token)) return undefined;
    return entry;
  };
  for (const row of state.externalTokens.values()) registerUserToken(row);

  let currentFaults = normaliseFaults(faults);
  const latencyOf = latencyModel(latency);
  let callCount = 0;
  const callLog = [];
  // Calls a proxy gave up on (gateway504) that PHP is still running: [{ due, run }].
  let running = [];

  const save = () => { if (stateFile) saveStateFile(stateFile, sim.state, tokenValues); };

  const sim = {
    url: '',
    tokens: tokenValues,
    callLog,
    state,
    functions: allFunctions,
    services,
    limits: { maxInputVars, postMaxSize },
    // themerev: the theme cache revision that shows up in picture URLs (a timestamp on Moodle).
    config: { siteName, courseCustomFields, themeRevision: now() },
    now,
    /** Replaces the fault settings; takes effect from the next call. */
    setFaults(next) { currentFaults = normaliseFaults(next); },
    /** Empties the call log and restarts call numbering at 1. */
    resetCallLog() { callLog.length = 0; callCount = 0; },
    /** Called with (n, entry) once request n arrived, before Moodle runs it (tests kill clients here). */
    onRequest: null,
    /** Lets every call a proxy gave up on finish now. */
    finishRunningCalls() { for (const call of running.splice(0)) call.run(); },
    /** The service a token belongs to ({ shortname, functions }), or undefined. */
    serviceForToken(token) { return tokenRegistry.get(token)?.service; },
    tokenRegistry,
    /** Deferred bookkeeping of the function modules, run after every call. */
    settleState: () => settleState(sim.state),
    /**
     * A web-service token of `userid` (no site capabilities: what the user may do comes from its
     * enrolments), on the moodle_sync service; `name` also makes it `sim.tokens[name]`.
     */
    createUserToken(userid, name) {
      const row = { id: sim.state.nextId('externalTokens'), token: newToken(), userid, name: name ?? null };
      sim.state.externalTokens.set(row.id, row);
      registerUserToken(row);
      save();
      return row.token;
    },
    /** Writes the state file now (it is also written after every write call). */
    saveState: () => save(),
    close: () => new Promise((resolve) => {
      save();
      server.close(() => resolve());
      server.closeAllConnections?.();
    }),
  };

  sim.completion = wrapSaving(completionControl(sim), save);

  async function handle(req, res) {
    const url = new URL(req.url, 'http://simulator');
    if (url.pathname === COMPLETION_CONTROL_PATH) {
      const answer = controlRoute(sim, { method: req.method, authorization: req.headers.authorization, body: await readBody(req) });
      if (answer.status === 200) save();
      res.writeHead(answer.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(answer.body));
      return;
    }
    if (url.pathname !== ENDPOINT) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('Not found');
      return;
    }
    const n = ++callCount;
    const fault = faultForCall(currentFaults, n);
    const body = await readBody(req);
    if (currentFaults.latencyMs > 0) await sleep(currentFaults.latencyMs);
    const due = running.filter((call) => call.due <= n);
    running = running.filter((call) => call.due > n);
    for (const call of due) call.run();

    const entry = { n, wsfunction: undefined, items: undefined, variables: 0, status: null };
    if (fault) entry.fault = fault;
    callLog.push(entry);
    sim.onRequest?.(n, entry);

    // Faults that stop the request before Moodle runs it: nothing is written.
    if (fault === 'reset') {
      Object.assign(entry, peek(req, url, body));
      req.socket.destroy();
      return;
    }
    if (fault === 'http503') {
      Object.assign(entry, peek(req, url, body), { status: 503 });
      res.writeHead(503, { 'Content-Type': 'text/html; charset=iso-8859-1', 'Retry-After': '1' });
      res.end('<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>503 Service Unavailable</title>\n</head><body>\n<h1>Service Unavailable</h1>\n<p>The server is temporarily unable to service your request.</p>\n</body></html>\n');
      return;
    }
    if (fault === 'html') {
      Object.assign(entry, peek(req, url, body), { status: currentFaults.htmlStatus });
      res.writeHead(currentFaults.htmlStatus, { 'Content-Type': 'text/html; charset=UTF-8' });
      res.end(phpFatalErrorPage());
      return;
    }

    if (fault === 'deadlock') {
      Object.assign(entry, peek(req, url, body), { status: 200, errorcode: 'dmlwriteexception', exception: 'dml_write_exception' });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(DEADLOCK_BODY);
      return;
    }
    const dispatchNow = () => dispatch(sim, { method: req.method, query: url.search.slice(1), contentType: req.headers['content-type'], body });
    if (fault === 'gateway504') {
      Object.assign(entry, peek(req, url, body), { status: 504 });
      running.push({ due: n + currentFaults.lateBy, run: () => { if (dispatchNow().log.write) save(); } });
      res.writeHead(504, { 'Content-Type': 'text/html' });
      res.end(gatewayTimeoutPage());
      return;
    }
    const result = dispatchNow();
    const { log } = result;
    if (latencyOf && log.wsfunction) await latencyOf.wait(callLatencyMs(latencyOf, log.wsfunction, log.items ?? 0));
    entry.wsfunction = log.wsfunction;
    entry.items = log.items;
    entry.variables = log.variables;
    if (log.dropped > 0) entry.droppedVariables = log.dropped;
    entry.status = result.status;
    if (log.errorcode !== undefined || log.exception !== undefined) {
      entry.errorcode = log.errorcode;
      entry.exception = log.exception;
    }
    if (log.debuginfo !== undefined) entry.debuginfo = log.debuginfo;
    if (log.internalError) entry.internalError = log.internalError;
    if (log.write) save();

    if (fault === 'timeout') {
      // The call ran and its changes stay; the client gave up before the answer came.
      req.socket.destroy();
      return;
    }
    if (fault === 'truncated') {
      // The call ran and its changes stay; only the answer is cut short (a proxy or worker died mid-send).
      res.writeHead(result.status, result.headers);
      res.end(result.body.slice(0, Math.max(1, Math.floor(result.body.length / 2))));
      return;
    }
    res.writeHead(result.status, result.headers);
    res.end(result.body);
  }

  /** Call-log facts for requests that a fault stops before Moodle runs them. */
  function peek(req, url, body) {
    return requestSummary(sim, { method: req.method, query: url.search.slice(1), contentType: req.headers['content-type'], body });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(error?.stack ?? error));
    });
  });
  // The lab's PHP server closed the connection without an answer on an over-long request line
  // (limits.jsonl get_query_string_134kb); Node would answer 431 instead.
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  sim.url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  if (!loaded) save();
  return sim;
}

export { FAULT_KINDS };
