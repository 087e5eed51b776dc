// external_api::clean_returnvalue(): what Moodle's REST server does with a function's return value
// before sending it. Keys come out in description order, absent optional keys are dropped,
// VALUE_DEFAULT keys filled in, scalars cast to their PARAM type; a value that does not survive
// cleaning fails the whole answer with invalid_response_exception.

import { MoodleError } from './errors.mjs';

export function invalidResponse(debuginfo) {
  return new MoodleError('core\\exception\\invalid_response_exception', 'invalidresponse',
    'Invalid response value detected', debuginfo);
}

/** PHP's (string) cast of a scalar, used when comparing a cleaned value with the original. */
function phpString(value) {
  if (value === true) return '1';
  if (value === false || value === null || value === undefined) return '';
  return String(value);
}

function cleanValue(desc, value) {
  if (value !== null && typeof value === 'object') {
    throw invalidResponse('Scalar type expected, array or object received.');
  }
  const typeName = desc.type.name;
  if (typeName === 'bool' && (typeof value === 'boolean' || value === 0 || value === 1 || value === '0' || value === '1')) {
    return Boolean(Number(value));
  }
  const phpType = value === null || value === undefined ? 'NULL'
    : typeof value === 'boolean' ? 'boolean'
      : typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'double') : 'string';
  const debuginfo = `Invalid external api response: the value is "${phpString(value)}" of PHP type "${phpType}", the server was expecting "${typeName}" type`;
  if (value === null || value === undefined) {
    if (desc.allowNull) return null;
    throw invalidResponse(debuginfo);
  }
  if (typeName === 'int') {
    const text = phpString(value);
    if (!/^(0|-?[1-9]\d*)$/.test(text)) throw invalidResponse(debuginfo);
    return Number(text);
  }
  if (typeName === 'float') {
    if (typeof value === 'number') return value;
    if (!/^[+-]?\d*\.?\d*(e[-+]?\d+)?$/i.test(String(value)) || String(value) === '') throw invalidResponse(debuginfo);
    return Number(value);
  }
  if (typeName === 'bool') throw invalidResponse(debuginfo);
  // Text-like types: PHP keeps the original value's type (an int stays an int under PARAM_RAW).
  let cleaned;
  try {
    cleaned = desc.type.clean(phpString(value));
  } catch {
    throw invalidResponse(debuginfo);
  }
  if (phpString(cleaned) !== phpString(value)) throw invalidResponse(debuginfo);
  return value;
}

/** clean_returnvalue(): returns the cleaned value or throws invalid_response_exception. */
export function cleanReturn(desc, value) {
  if (desc.kind === 'value') return cleanValue(desc, value);
  if (desc.kind === 'single') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw invalidResponse(`Only arrays/objects accepted. The bad value is: '${phpString(value)}'`);
    }
    const out = {};
    for (const [key, field] of Object.entries(desc.fields)) {
      if (!(key in value) || value[key] === undefined) {
        if (field.presence === 'required') {
          throw invalidResponse(`Error in response - Missing following required key in a single structure: ${key}`);
        }
        if (field.presence === 'default' && field.kind === 'value') out[key] = withPath(key, () => cleanReturn(field, field.def));
        continue;
      }
      out[key] = withPath(key, () => cleanReturn(field, value[key]));
    }
    return out;
  }
  if (desc.kind === 'multiple') {
    if (!Array.isArray(value)) {
      throw invalidResponse(`Only arrays accepted. The bad value is: '${phpString(value)}'`);
    }
    return value.map((item) => cleanReturn(desc.item, item));
  }
  throw new Error(`unknown description kind ${desc.kind}`);
}

function withPath(key, fn) {
  try {
    return fn();
  } catch (e) {
    if (e?.errorcode !== 'invalidresponse') throw e;
    throw invalidResponse(`${key} => Invalid response value detected: ${e.debuginfo}`);
  }
}
