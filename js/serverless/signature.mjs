// HMAC signatures with Web Crypto (crypto.subtle: the same code in Node, Workers and browsers).
// The comparison is crypto.subtle.verify's, which takes the same time whatever the mismatch.
const encoder = new TextEncoder();

function bytesOfHex(hex) {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function concat(prefix, body) {
  const head = encoder.encode(prefix);
  const message = new Uint8Array(head.byteLength + body.byteLength);
  message.set(head, 0);
  message.set(body, head.byteLength);
  return message;
}

/**
 * Whether `signatureHex` is the HMAC (`algorithm`: 'SHA-256' or 'SHA-1') with `secret` of
 * `prefix` + the raw body bytes. The body is verified as received, before any parsing.
 */
export async function verifySignature({ secret, algorithm, prefix = '', body, signatureHex }) {
  const signature = bytesOfHex(signatureHex);
  if (!signature || !secret) return false;
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: algorithm }, false, ['verify']);
  return crypto.subtle.verify('HMAC', key, signature, concat(prefix, body ?? new Uint8Array(0)));
}

/** The hex HMAC of prefix + body: what a sender puts in its header (tests, the Drupal simulator). */
export async function signatureOf({ secret, algorithm = 'SHA-256', prefix = '', body }) {
  const bytes = typeof body === 'string' ? encoder.encode(body) : body;
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: algorithm }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, concat(prefix, bytes)));
  return [...mac].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Our request headers for a body signed at `timestamp` (unix seconds). */
export async function signedHeaders({ secret, body, timestamp }) {
  const ts = String(Math.floor(timestamp));
  const hex = await signatureOf({ secret, prefix: `${ts}.`, body });
  return { 'content-type': 'application/json', 'x-moodle-sync-timestamp': ts, 'x-moodle-sync-signature': `sha256=${hex}` };
}
