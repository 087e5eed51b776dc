// webservice_rest_server::run() for one request, in Moodle's order: read the format, authenticate the
// token, find the function and check the token's service, validate the parameters, run the function,
// clean the return value. Every failure becomes the recorded error body in the requested format.

import { MoodleError, PhpEngineError, invalidParameter, missingRecord } from './errors.mjs';
import { requestParams } from './request-params.mjs';
import { cleanReturn } from './returns.mjs';
import { errorBody, responseHeaders, successBody } from './rest-response.mjs';
import { validate, single } from './schema.mjs';
import { KNOWN_MOODLE_FUNCTIONS } from './moodle-functions.mjs';

const WS_SETTINGS = ['raw', 'fileurl', 'filter', 'lang', 'timezone'];

function invalidToken() {
  return new MoodleError('core\\exception\\moodle_exception', 'invalidtoken', 'Invalid token - token not found');
}

function accessException(name) {
  return new MoodleError('webservice_access_exception', 'accessexception', 'Access control exception',
    `Access to the function ${name}() is not allowed.`);
}

/** clean_param(PARAM_BOOL): on/yes/true and off/no/false by name, otherwise PHP truthiness. */
function phpBool(value) {
  const lower = value.toLowerCase();
  if (['on', 'yes', 'true'].includes(lower)) return true;
  if (['off', 'no', 'false'].includes(lower)) return false;
  return value !== '' && value !== '0';
}

/** moodlewssettingXXX parameters are read (as PARAM_BOOL etc.) and removed before validation. */
function takeSettings(params) {
  const settings = { raw: false, fileurl: true, filter: false, lang: '', timezone: '' };
  for (const name of WS_SETTINGS) {
    const key = `moodlewssetting${name}`;
    if (!params.has(key)) continue;
    const value = params.get(key);
    params.delete(key);
    if (typeof value !== 'string') continue;
    settings[name] = ['raw', 'fileurl', 'filter'].includes(name) ? phpBool(value) : value;
  }
  return settings;
}

/** How many items the function's main list parameter holds (for the call log). */
function countItems(fn, params) {
  if (typeof fn.mainList === 'function') return fn.mainList(params);
  let path = fn.mainList;
  if (!path) path = Object.entries(fn.params).find(([, d]) => d.kind === 'multiple')?.[0];
  if (!path) return undefined;
  let node = params;
  for (const key of path.split('.')) {
    if (!(node instanceof Map)) return 0;
    node = node.get(key);
  }
  return node instanceof Map ? node.size : 0;
}

/** Call-log facts about a request without running it (used when a fault stops the request early). */
export function requestSummary(site, request) {
  const { params, variables } = requestParams(request, site.limits);
  const wsfunction = params.get('wsfunction');
  const fn = typeof wsfunction === 'string' && Object.hasOwn(site.functions, wsfunction) ? site.functions[wsfunction] : undefined;
  return {
    wsfunction: typeof wsfunction === 'string' ? wsfunction : undefined,
    items: fn ? countItems(fn, params) : undefined,
    variables,
  };
}

/**
 * @param site the simulated site (state, functions, tokens, clock …)
 * @param request { method, query, contentType, body: Buffer }
 * @returns {{ status, headers, body, log }} log: { wsfunction, items, variables, dropped, errorcode?, write }
 */
export function dispatch(site, request) {
  const { params, variables, kept } = requestParams(request, site.limits);
  const log = { wsfunction: undefined, items: undefined, variables, dropped: variables - kept };

  const rawFormat = params.get('moodlewsrestformat');
  const format = rawFormat === 'json' || rawFormat === 'xml' ? rawFormat : 'xml';
  params.delete('moodlewsrestformat');
  const settings = takeSettings(params);
  const token = params.get('wstoken');
  params.delete('wstoken');
  const wsfunction = params.get('wsfunction');
  params.delete('wsfunction');
  if (typeof wsfunction === 'string') log.wsfunction = wsfunction;

  const answer = (body) => ({ status: 200, headers: responseHeaders(format), body, log });
  const fail = (error) => {
    log.errorcode = error.errorcode;
    log.exception = error.exception;
    log.debuginfo = error.debuginfo;
    return answer(errorBody(format, error));
  };

  const caller = typeof token === 'string' && token !== '' ? site.tokenRegistry.get(token) : undefined;
  if (!caller) return fail(invalidToken());

  if (wsfunction === undefined || wsfunction === '') return fail(invalidParameter('Missing function name'));
  const name = typeof wsfunction === 'string' ? wsfunction : '';
  const fn = Object.hasOwn(site.functions, name) ? site.functions[name] : undefined;
  if (!fn && !KNOWN_MOODLE_FUNCTIONS.has(name)) return fail(missingRecord('external_functions'));
  if (!fn || !caller.service.functions.includes(name)) return fail(accessException(name));

  log.items = countItems(fn, params);
  log.write = !(fn.readOnly ?? /(^|_)(get|search)_/.test(name));

  const ctx = { caller: { userid: caller.userid, hasCapabilities: caller.hasCapabilities, token }, now: site.now, sim: site, settings };
  try {
    const cleanedParams = validate(single(fn.params), params);
    const result = fn.run(site, cleanedParams, ctx);
    site.settleState?.();
    const cleaned = fn.returns ? cleanReturn(fn.returns, result) : null;
    return answer(successBody(format, fn.returns, cleaned));
  } catch (error) {
    site.settleState?.();
    if (error instanceof MoodleError || error instanceof PhpEngineError) return fail(error);
    // A bug in the simulator: answer like PHP would for an uncaught Error, and keep it visible in the log.
    log.internalError = error?.stack ?? String(error);
    return fail(new PhpEngineError('Error', error?.message ?? String(error)));
  }
}
