// A core operation over a request's body: a body the core refuses as input (bad JSON, a wrong
// shape; its message starts with the JSON path) is answered 400 naming the path, anything else is
// the core's or our mistake and is thrown.
import { CoreRefusal, coreValue } from './http.mjs';

/** {ok: true, value} or {ok: false, answer: {status: 400, body: {message, problem}}}. */
export function readRequestJson(core, operation, input) {
  try {
    return { ok: true, value: coreValue(core, operation, input) };
  } catch (e) {
    if (e instanceof CoreRefusal && e.kind === 'input') {
      return { ok: false, answer: { status: 400, body: { message: 'Invalid input.', problem: e.message } } };
    }
    throw e;
  }
}
