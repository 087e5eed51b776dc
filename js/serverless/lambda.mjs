// AWS Lambda (Node 20) entry point for a Function URL or an API Gateway HTTP API (payload 2.0):
// the configuration and secrets come from the function's environment variables.
import { handle } from './handler.mjs';
import { lambdaHandler } from './lambda-http.mjs';

export const handler = lambdaHandler(handle, process.env);
