// The XML side of webservice_rest_server: xmlize_result() for return values and the element
// escaping both success and error bodies use.

/** htmlspecialchars($s, ENT_COMPAT, 'UTF-8') */
export function htmlSpecialChars(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * webservice_rest_server::xmlize_result(): a single structure lists EVERY key of the description
 * (absent ones as null), booleans become 1/0, an empty list is <MULTIPLE>\n</MULTIPLE>.
 */
export function xmlize(desc, value) {
  if (!desc) return '';
  if (desc.kind === 'value') {
    if (value === null || value === undefined) return '<VALUE null="null"/>\n';
    const scalar = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    return `<VALUE>${htmlSpecialChars(scalar)}</VALUE>\n`;
  }
  if (desc.kind === 'multiple') {
    let out = '<MULTIPLE>\n';
    if (Array.isArray(value)) for (const item of value) out += xmlize(desc.item, item);
    return `${out}</MULTIPLE>\n`;
  }
  let out = '<SINGLE>\n';
  for (const [key, field] of Object.entries(desc.fields)) {
    const v = value && typeof value === 'object' ? value[key] : undefined;
    out += `<KEY name="${key}">${xmlize(field, v)}</KEY>\n`;
  }
  return `${out}</SINGLE>\n`;
}
