// Small pieces every route of the function shares: a JSON answer, and a core operation's value
// (a refusal of the core becomes an Error carrying its kind and message).
const JSON_TYPE = 'application/json; charset=utf-8';

export function jsonResponse(status, body, headers = {}) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': JSON_TYPE, ...headers } });
}

/** An answer the core decided ({status, body, headers?}) as a Response. */
export function answerResponse(answer) {
  return jsonResponse(answer.status, answer.body, answer.headers ?? {});
}

export class CoreRefusal extends Error {
  constructor(operation, error) {
    super(error.message);
    this.name = 'CoreRefusal';
    this.operation = operation;
    this.kind = error.kind;
  }
}

/** The value of a core operation, or a CoreRefusal. */
export function coreValue(core, operation, input) {
  const answer = core.call(operation, input);
  if (!answer.ok) throw new CoreRefusal(operation, answer.error);
  return answer.value;
}

/** Lower-cased request headers, only those named. */
export function headersOf(request, names) {
  const headers = {};
  for (const name of names) {
    const value = request.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  return headers;
}
