// The bytes webservice_rest_server sends back: headers, JSON or XML success bodies, error bodies.

import { phpJsonEncode } from './php-json.mjs';
import { htmlSpecialChars, xmlize } from './xml.mjs';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" ?>\n';

/** send_headers(): the same set on every answer, success or error. */
export function responseHeaders(format) {
  const headers = format === 'json'
    ? { 'Content-Type': 'application/json' }
    : { 'Content-Type': 'application/xml; charset=utf-8', 'Content-Disposition': 'inline; filename="response.xml"' };
  return {
    ...headers,
    'Cache-Control': 'private, must-revalidate, pre-check=0, post-check=0, max-age=0',
    Expires: 'Thu, 01 Jan 1970 00:00:00 GMT',
    Pragma: 'no-cache',
    'Accept-Ranges': 'none',
    'Access-Control-Allow-Origin': '*',
  };
}

export function successBody(format, returnsDesc, cleaned) {
  if (format === 'json') return phpJsonEncode(returnsDesc ? cleaned : null);
  return `${XML_HEAD}<RESPONSE>\n${xmlize(returnsDesc, cleaned)}</RESPONSE>\n`;
}

/** generate_error(): an engine error (no errorcode) keeps the key out of JSON and empties it in XML. */
export function errorBody(format, error) {
  if (format === 'json') {
    const out = { exception: error.exception };
    if (error.errorcode !== undefined) out.errorcode = error.errorcode;
    out.message = error.message;
    return phpJsonEncode(out);
  }
  return `${XML_HEAD}<EXCEPTION class="${error.exception}">\n`
    + `<ERRORCODE>${htmlSpecialChars(error.errorcode ?? '')}</ERRORCODE>\n`
    + `<MESSAGE>${htmlSpecialChars(error.message)}</MESSAGE>\n`
    + '</EXCEPTION>\n';
}
