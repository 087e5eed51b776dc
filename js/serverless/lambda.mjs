// AWS Lambda (Node 20) entry point for a Function URL or an API Gateway HTTP API (payload 2.0):
// the configuration and secrets come from the function's environment variables.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { handle } from './handler.mjs';
import { lambdaHandler } from './lambda-http.mjs';

/**
 * Lambda's variables hold 4 KB in all, which a configuration may exceed: MOODLE_SYNC_CONFIG_FILE
 * names a file shipped in the zip (relative to its root) to use when MOODLE_SYNC_CONFIG is not set.
 */
export function lambdaEnv(env) {
  if (env.MOODLE_SYNC_CONFIG || !env.MOODLE_SYNC_CONFIG_FILE) return env;
  const file = path.resolve(env.LAMBDA_TASK_ROOT ?? '.', env.MOODLE_SYNC_CONFIG_FILE);
  return { ...env, MOODLE_SYNC_CONFIG: readFileSync(file, 'utf8') };
}

export const handler = lambdaHandler(handle, lambdaEnv(process.env));
