// AWS Lambda (Node 20) entry point for a Function URL or an API Gateway HTTP API (payload 2.0):
// the configuration and secrets come from the function's environment variables.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Utf8Error, decodeUtf8 } from '../utf8-text.mjs';
import { handle } from './handler.mjs';
import { lambdaHandler } from './lambda-http.mjs';

/**
 * Lambda's variables hold 4 KB in all, which a configuration may exceed: MOODLE_SYNC_CONFIG_FILE
 * names a file shipped in the zip (relative to its root) to use when MOODLE_SYNC_CONFIG is not set.
 */
export function lambdaEnv(env) {
  if (env.MOODLE_SYNC_CONFIG || !env.MOODLE_SYNC_CONFIG_FILE) return env;
  const file = path.resolve(env.LAMBDA_TASK_ROOT ?? '.', env.MOODLE_SYNC_CONFIG_FILE);
  try {
    // Strict UTF-8, as the CLI reads it: a wrong byte is refused by offset, never replaced by U+FFFD.
    return { ...env, MOODLE_SYNC_CONFIG: decodeUtf8(readFileSync(file)) };
  } catch (e) {
    if (e instanceof Utf8Error) throw new Error(`${file}: $: ${e.message}`);
    throw e;
  }
}

export const handler = lambdaHandler(handle, lambdaEnv(process.env));
