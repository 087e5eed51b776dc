// core_external\external_warnings: the `warnings` list many functions return. warningcode is
// PARAM_ALPHANUM, so a code with other characters fails return validation (invalid_response_exception).

import { multiple, optional, PARAM, single, value } from './schema.mjs';

export const WARNINGS = multiple(single({
  item: optional(PARAM.TEXT),
  itemid: optional(PARAM.INT),
  warningcode: value(PARAM.ALPHANUM),
  message: value(PARAM.RAW),
}), { required: false });
