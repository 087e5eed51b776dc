// Performs the engine's Moodle calls with the platform's fetch: a form POST (the only kind of
// request Moodle's CORS answer allows a browser), the token as the first variable, a time limit,
// and the token removed from everything that comes back.
// Asked for bytes (`asBytes`, by the hosts that hand the answer to the core), an answer is given as
// the chunks it arrived in (`body_bytes`), never made a string: a 9 MB listing would otherwise be
// held as its chunks, their joined copy and a string of up to twice its size at once. An answer that
// holds the token is decoded and redacted as before.
import { answerText, holdsBytes, withoutBom } from '../answer-bytes.mjs';

const REST_PATH = '/webservice/rest/server.php';
const utf8 = new TextEncoder();

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function createMoodleClient({ url, token, timeoutSeconds = 600, fetchImpl = globalThis.fetch }) {
  const endpoint = `${url.replace(/\/+$/, '')}${REST_PATH}`;
  const forms = token ? [...new Set([token, encodeURIComponent(token)])] : [];
  // A long answer without the token (the usual case) is given back as it is, not rebuilt.
  const redact = (text) => forms.reduce((t, f) => (t.includes(f) ? t.split(f).join('[redacted]') : t), String(text));

  const formBytes = forms.map((f) => utf8.encode(f));

  /** Sends an encoded call (`body` without the token) and returns the engine's result shape. */
  async function send(body, { delayMs = 0, asBytes = false } = {}) {
    if (delayMs > 0) await sleep(delayMs);
    try {
      const response = await fetchImpl(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `wstoken=${encodeURIComponent(token)}&${body}`,
        signal: AbortSignal.timeout(timeoutSeconds * 1000),
        // Never follow a redirect: it would carry the token to whatever host it names.
        redirect: 'manual',
      });
      if (response.status >= 300 && response.status < 400) {
        const location = response.headers.get('location') ?? '?';
        return { status: response.status, content_type: 'text/plain', body: redact(`moodle.url redirects to ${location}: configure that URL instead`) };
      }
      const contentType = response.headers.get('content-type') ?? '';
      if (asBytes && typeof response.body?.getReader === 'function') {
        const chunks = withoutBom(await readChunks(response.body));
        if (!formBytes.some((form) => holdsBytes(chunks, form))) return { status: response.status, content_type: contentType, body_bytes: chunks };
        return { status: response.status, content_type: contentType, body: redact(answerText(chunks)) };
      }
      const text = await response.text();
      return { status: response.status, content_type: contentType, body: redact(text) };
    } catch (e) {
      const cause = e.cause?.code ?? e.cause?.message ?? e.name;
      return { status: 0, body: '', transport_error: redact(`${e.message}${cause ? ` (${cause})` : ''}`) };
    }
  }

  return { endpoint, send, redact };
}


async function readChunks(stream) {
  const chunks = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    if (value.length) chunks.push(value);
  }
}
