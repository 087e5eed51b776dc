// The completion receiver: one HTTP request (a web-standard Request) from a Moodle site answered
// with a web-standard Response, so that `serve` and a serverless function share it. The core's gate
// judges the request (secret, method, size, type), the core's push run judges the body; this file
// reads at most max_push_bytes + 1 bytes of it, and logs one line of counts per request: never the
// payload, never the secret.

const JSON_TYPE = 'application/json; charset=utf-8';

/** `/completion` or `/completion/<secret>`: the secret in the path, or undefined. */
export function pathSecretOf(pathname) {
  const match = /^\/completion(?:\/([^/]*))?\/?$/.exec(pathname);
  if (!match) return undefined;
  return match[1] === undefined || match[1] === '' ? undefined : decodeURIComponent(match[1]);
}

/** The path as the log shows it: a secret in it becomes `<secret>`, right or wrong. */
export function loggedPath(pathname) {
  return pathname.replace(/^\/completion\/[^/]+/, '/completion/<secret>');
}

function jsonResponse(status, body, headers = {}) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': JSON_TYPE, ...headers } });
}

function contentLengthOf(request) {
  const header = request.headers.get('content-length');
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header.trim());
}

/**
 * The body's bytes, reading no more than `limit` of them: `{bytes, length}` where `length` is the
 * number of bytes read, `limit` + 1 when the body is longer (the rest is never read).
 */
export async function readCapped(request, limit) {
  if (!request.body) return { bytes: new Uint8Array(0), length: 0 };
  const reader = request.body.getReader();
  const chunks = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > limit) {
      await reader.cancel().catch(() => {});
      return { bytes: null, length: limit + 1 };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { bytes, length };
}

/** One log line of counts for a push the core answered. */
function countsOf(answer) {
  const b = answer.body ?? {};
  if (answer.status !== 200) return '';  // a refusal's problem may quote a key of the payload
  const parts = [];
  if (typeof b.message === 'string') parts.push(b.message);
  if (b.unknown) parts.push(`unknown ${b.unknown.courses ?? 0} courses, ${b.unknown.users ?? 0} users`);
  if (b.rejected !== undefined) parts.push(`rejected ${b.rejected}`);
  if (b.stale !== undefined) parts.push(`stale ${b.stale}`);
  return parts.join('; ');
}

/**
 * Answers one request to the completion route.
 * ctx: { core, secret, maxBytes, push({body, contentType}) -> {answer}, log(line), redact?(text) }
 */
export async function handleCompletion(request, ctx) {
  const url = new URL(request.url);
  const where = `${request.method} ${loggedPath(url.pathname)}`;
  const log = (status, detail = '') => ctx.log?.(`completion ${where} -> ${status}${detail ? `: ${detail}` : ''}`);
  const authorization = request.headers.get('authorization') ?? undefined;
  const contentType = request.headers.get('content-type') ?? undefined;
  const pathSecret = pathSecretOf(url.pathname);
  const gate = (contentLength) => ctx.core.completionRequest({
    method: request.method, pathSecret, authorization, contentType, contentLength, secret: ctx.secret, maxBytes: ctx.maxBytes,
  });
  const refuse = (verdict) => {
    log(verdict.status);
    return jsonResponse(verdict.status, verdict.body, verdict.headers ?? {});
  };

  // The declared length is judged before a byte is read: a 10 MB body is refused unread.
  const first = gate(contentLengthOf(request));
  if (!first.accept) return refuse(first);  // a GET is answered here too: the connection test
  // A body without a length (or with a wrong one) is judged again by what was actually read.
  const { bytes, length } = await readCapped(request, ctx.maxBytes);
  const read = gate(length);
  if (!read.accept) return refuse(read);

  let answer;
  try {
    ({ answer } = await ctx.push({ body: new TextDecoder().decode(bytes), contentType }));
  } catch (e) {
    const message = ctx.redact ? ctx.redact(e.message) : e.message;
    const status = e.name === 'RunLockError' ? 503 : 500;
    log(status, `${e.name ?? 'Error'}: ${message}`);
    return jsonResponse(status, { message: status === 503 ? 'Busy: another run holds the export; try again later.' : 'The push could not be applied; the receiver\'s log says why.' },
      status === 503 ? { 'retry-after': '30' } : {});
  }
  if (!answer) {
    log(500, 'the run gave no answer');
    return jsonResponse(500, { message: 'The push could not be applied; the receiver\'s log says why.' });
  }
  log(answer.status, [countsOf(answer), `${length} bytes`].filter(Boolean).join('; '));
  return jsonResponse(answer.status, answer.body);
}
