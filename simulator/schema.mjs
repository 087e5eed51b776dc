// Moodle's external_api parameter description and validation (external_value,
// external_single_structure, external_multiple_structure, validate_parameters), as far as the
// recordings show it. Every failure is the same generic `invalidparameter` answer; the reason Moodle
// would give with debugging on is kept in `debuginfo`.
//
// Raw parameters come from the PHP bracket-form parser: a PHP array is a `Map` (string keys in body
// order, because Moodle takes list items in body order, not index order), a scalar is a string.

import { invalidParameter } from './errors.mjs';

const REQUIRED = 'required';
const OPTIONAL = 'optional';
const DEFAULT = 'default';

/** A PARAM_* type: `clean(string) -> cleaned value`; a cleaned value that differs from the input fails. */
export function paramType(name, clean, { compareCleaned = true } = {}) {
  return { name, clean, compareCleaned };
}

const stripTags = (s) => s.replace(/<[^\s<>][^>]*>?/g, '');

export const PARAM = {
  // validate_param() compares (string)(int)$value with the value: '01', '-0', '+1' and ' 1' fail.
  INT: paramType('int', (s) => {
    if (!/^(0|-?[1-9]\d*)$/.test(s) || !Number.isSafeInteger(Number(s))) throw new TypeError('int');
    return Number(s);
  }, { compareCleaned: false }),
  BOOL: paramType('bool', (s) => {
    if (s !== '0' && s !== '1') throw new TypeError('bool');
    return s === '1';
  }, { compareCleaned: false }),
  FLOAT: paramType('float', (s) => {
    if (!/^-?\d+(\.\d+)?$/.test(s)) throw new TypeError('float');
    return Number(s);
  }, { compareCleaned: false }),
  RAW: paramType('raw', (s) => s),
  RAW_TRIMMED: paramType('raw_trimmed', (s) => s.trim(), { compareCleaned: false }),
  TEXT: paramType('text', (s) => stripTags(s)),
  NOTAGS: paramType('notags', (s) => stripTags(s)),
  ALPHA: paramType('alpha', (s) => s.replace(/[^a-zA-Z]/g, '')),
  ALPHANUMEXT: paramType('alphanumext', (s) => s.replace(/[^a-zA-Z0-9_-]/g, '')),
  PLUGIN: paramType('plugin', (s) => (/^[a-z](?:[a-z0-9_](?!__))*[a-z0-9]+$/.test(s) ? s : '')),
  ALPHAEXT: paramType('alphaext', (s) => s.replace(/[^a-zA-Z_-]/g, '')),
  ALPHANUM: paramType('alphanum', (s) => s.replace(/[^a-zA-Z0-9]/g, '')),
  SAFEDIR: paramType('safedir', (s) => s.replace(/[^a-zA-Z0-9_-]/g, '')),
  SEQUENCE: paramType('sequence', (s) => s.replace(/[^0-9,]/g, '')),
  COMPONENT: paramType('component', (s) => (/^[a-z][a-z0-9]*(_[a-z][a-z0-9_]*)?[a-z0-9]+$/.test(s) && !s.includes('__') ? s : '')),
  USERNAME: paramType('username', (s) => s.trim().toLowerCase().replace(/[^a-z0-9_.@-]/g, '')),
  LANG: paramType('lang', (s) => (s === '' || s === 'en' ? s : '')),
  THEME: paramType('theme', (s) => (['', 'boost', 'classic'].includes(s) ? s : '')),
  TIMEZONE: paramType('timezone', (s) => (/^[A-Za-z0-9_+\-/]*$/.test(s) ? s : '')),
  URL: paramType('url', (s) => s),
  AUTH: paramType('auth', (s) => (['manual', 'nologin', 'email', 'oauth2', 'webservice', 'ldap', 'lti', 'mnet', 'cas', 'db', 'shibboleth'].includes(s) ? s : '')),
};

/** external_value(PARAM_X, ..., VALUE_REQUIRED | VALUE_OPTIONAL | VALUE_DEFAULT, default, allownull) */
export function value(type, { required = true, default: def = undefined, allowNull = true } = {}) {
  const presence = def !== undefined ? DEFAULT : (required ? REQUIRED : OPTIONAL);
  return { kind: 'value', type, presence, def, allowNull };
}
export const optional = (type, opts = {}) => value(type, { ...opts, required: false });
export const withDefault = (type, def) => value(type, { default: def });

/** external_single_structure({key: description}) */
export function single(fields, { required = true, default: def = undefined } = {}) {
  const presence = def !== undefined ? DEFAULT : (required ? REQUIRED : OPTIONAL);
  return { kind: 'single', fields, presence, def };
}

/** external_multiple_structure(item) */
export function multiple(item, { required = true, default: def = undefined } = {}) {
  const presence = def !== undefined ? DEFAULT : (required ? REQUIRED : OPTIONAL);
  return { kind: 'multiple', item, presence, def };
}

/**
 * Validates raw parameters against a description and returns cleaned plain JS values:
 * objects for single structures, arrays for multiple ones, numbers for PARAM_INT, booleans for
 * PARAM_BOOL, strings otherwise. Optional keys that were not sent stay absent; VALUE_DEFAULT keys get
 * their default. Throws `invalidparameter` with Moodle's debuginfo text.
 */
export function validate(desc, raw, where = '') {
  switch (desc.kind) {
    case 'value': return validateValue(desc, raw, where);
    case 'single': return validateSingle(desc, raw, where);
    case 'multiple': return validateMultiple(desc, raw, where);
    default: throw new Error(`unknown description kind ${desc.kind}`);
  }
}

function validateValue(desc, raw, where) {
  if (raw instanceof Map) {
    throw invalidParameter(`${where}Scalar type expected, array or object received.`);
  }
  if (raw === null) {
    if (desc.allowNull) return null;
    throw invalidParameter(`${where}Invalid external api parameter: the value is "null", the server was expecting "${desc.type.name}" type`);
  }
  // fix_utf8 drops NUL bytes from every text Moodle takes in, before the parameter is checked.
  if (typeof raw === 'string' && raw.includes('\0')) raw = raw.replaceAll('\0', '');
  let cleaned;
  try {
    cleaned = desc.type.clean(raw);
  } catch {
    throw invalidParameter(`${where}Invalid external api parameter: the value is "${raw}", the server was expecting "${desc.type.name}" type`);
  }
  if (desc.type.compareCleaned && String(cleaned) !== raw) {
    throw invalidParameter(`${where}Invalid external api parameter: the value is "${raw}", the server was expecting "${desc.type.name}" type`);
  }
  return cleaned;
}

function validateSingle(desc, raw, where) {
  if (!(raw instanceof Map)) throw invalidParameter(`${where}Only arrays accepted. The bad value is: '${raw}'`);
  const out = {};
  for (const [key, field] of Object.entries(desc.fields)) {
    if (!raw.has(key)) {
      if (field.presence === REQUIRED) {
        throw invalidParameter(`${where}Missing required key in single structure: ${key}`);
      }
      // Moodle validates a structure's default like a sent value (inner defaults get filled in).
      if (field.presence === DEFAULT) out[key] = field.kind === 'value' ? field.def : withPath(key, () => validate(field, toRaw(field.def)));
      continue;
    }
    out[key] = withPath(key, () => validate(field, raw.get(key)));
  }
  const unexpected = [...raw.keys()].filter((k) => !(k in desc.fields));
  if (unexpected.length) {
    throw invalidParameter(`${where}Unexpected keys (${unexpected.join(', ')}) detected in parameter array.`);
  }
  return out;
}

function validateMultiple(desc, raw, where) {
  if (!(raw instanceof Map)) throw invalidParameter(`${where}Only arrays accepted. The bad value is: '${raw}'`);
  return [...raw.values()].map((item) => validate(desc.item, item));
}

/** Like Moodle, a failure below a key is re-thrown as "<key> => Invalid parameter value detected: <inner>". */
function withPath(key, fn) {
  try {
    return fn();
  } catch (e) {
    if (e?.errorcode !== 'invalidparameter') throw e;
    throw invalidParameter(`${key} => Invalid parameter value detected: ${e.debuginfo}`);
  }
}

/** A JS default (array/object/scalar) as the raw form the parser would have produced. */
function toRaw(value) {
  if (Array.isArray(value)) return new Map(value.map((v, i) => [String(i), toRaw(v)]));
  if (value !== null && typeof value === 'object') return new Map(Object.entries(value).map(([k, v]) => [k, toRaw(v)]));
  if (typeof value === 'boolean') return value ? '1' : '0';
  return value === null || value === undefined ? value : String(value);
}
