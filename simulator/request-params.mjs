// What PHP puts in $_GET and $_POST for one HTTP request, and what Moodle's REST server takes from
// them: only POST bodies are read, only form-encoded (or multipart) ones, each with its own
// max_input_vars count, then array_merge($_GET, $_POST).

import { arrayMerge, parseForm, registerVariable } from './php-form.mjs';

function mediaType(contentType) {
  return String(contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** Minimal multipart/form-data reader: text fields only, uploaded files are ignored. */
function parseMultipart(body, contentType, maxInputVars) {
  const boundary = /boundary=("?)([^";]+)\1/i.exec(contentType)?.[2];
  const vars = new Map();
  if (!boundary) return { vars, received: 0, kept: 0 };
  const text = body.toString('latin1');
  const parts = text.split(`--${boundary}`).slice(1, -1);
  let received = 0;
  let kept = 0;
  for (const part of parts) {
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) continue;
    const headers = part.slice(0, headerEnd);
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined || /\bfilename=/i.test(disposition)) continue;
    received += 1;
    if (kept > maxInputVars) continue;
    const value = Buffer.from(part.slice(headerEnd + 4).replace(/\r\n$/, ''), 'latin1').toString('utf8');
    registerVariable(vars, Buffer.from(name, 'latin1').toString('utf8'), value);
    kept += 1;
  }
  return { vars, received, kept };
}

/**
 * @returns {{ params: Map, variables: number, kept: number, bodyRead: boolean }}
 *   `variables` counts what the client sent, `kept` what PHP kept after max_input_vars.
 */
export function requestParams({ method, query, contentType, body }, { maxInputVars, postMaxSize }) {
  const get = parseForm(query ?? '', { source: 'get', maxInputVars });
  let post = { vars: new Map(), received: 0, kept: 0 };
  let bodyRead = false;
  if (method === 'POST' && body && body.length > 0 && body.length <= postMaxSize) {
    const type = mediaType(contentType);
    if (type === 'application/x-www-form-urlencoded') {
      post = parseForm(body.toString('utf8'), { source: 'post', maxInputVars });
      bodyRead = true;
    } else if (type === 'multipart/form-data') {
      post = parseMultipart(body, contentType, maxInputVars);
      bodyRead = true;
    }
  }
  return {
    params: arrayMerge(get.vars, post.vars),
    variables: get.received + post.received,
    kept: get.kept + post.kept,
    bodyRead,
  };
}
