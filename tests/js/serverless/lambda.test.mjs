// The Lambda adapter with events shaped as AWS documents them for a Function URL and an API Gateway
// HTTP API (payload format 2.0): what the handler sees, and the result object Lambda sends back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { lambdaHandler, requestFromEvent } from '../../../js/serverless/lambda-http.mjs';

// Function URL request payload (docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html), as a GET.
function functionUrlGet() {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/my/path',
    rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value',
    cookies: ['cookie1', 'cookie2'],
    headers: { header1: 'value1', header2: 'value1,value2' },
    queryStringParameters: { parameter1: 'value1,value2', parameter2: 'value' },
    requestContext: {
      accountId: '123456789012',
      apiId: '<urlid>',
      authentication: null,
      authorizer: { iam: { accessKey: 'AKIA...', accountId: '111122223333', callerId: 'AIDA...', cognitoIdentity: null,
        principalOrgId: null, userArn: 'arn:aws:iam::111122223333:user/example-user', userId: 'AIDA...' } },
      domainName: '<url-id>.lambda-url.us-west-2.on.aws',
      domainPrefix: '<url-id>',
      http: { method: 'GET', path: '/my/path', protocol: 'HTTP/1.1', sourceIp: '123.123.123.123', userAgent: 'agent' },
      requestId: 'id',
      routeKey: '$default',
      stage: '$default',
      time: '12/Mar/2020:19:03:58 +0000',
      timeEpoch: 1583348638390,
    },
    pathParameters: null,
    isBase64Encoded: false,
    stageVariables: null,
  };
}

// API Gateway HTTP API, payload format 2.0 (docs.aws.amazon.com/apigateway/latest/developerguide/
// http-api-develop-integrations-lambda.html), with a JSON body.
function httpApiPost(body, { isBase64Encoded = false, contentType = 'application/json', stage = '$default', rawPath = '/events' } = {}) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: '',
    headers: { 'content-type': contentType, 'content-length': String(body.length), host: 'id.execute-api.us-east-1.amazonaws.com',
      'x-forwarded-proto': 'https', 'x-moodle-sync-timestamp': '1700000000' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api-id',
      domainName: 'id.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'id',
      http: { method: 'POST', path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'agent' },
      requestId: 'id',
      routeKey: '$default',
      stage,
      time: '12/Mar/2020:19:03:58 +0000',
      timeEpoch: 1583348638390,
    },
    body,
    pathParameters: { parameter1: 'value1' },
    isBase64Encoded,
    stageVariables: { stageVariable1: 'value1', stageVariable2: 'value2' },
  };
}

// Answers with what it was given, so that each test sees the Request the adapter built.
async function echo(request, env, ctx) {
  const bytes = new Uint8Array(await request.arrayBuffer());
  return Response.json({
    method: request.method,
    url: request.url,
    headers: Object.fromEntries(request.headers),
    body: Buffer.from(bytes).toString('base64'),
    env: env.NAME,
    hasLambdaContext: ctx.lambdaContext?.functionName === 'moodle-sync',
  });
}

const context = { functionName: 'moodle-sync', getRemainingTimeInMillis: () => 30000 };

async function echoed(event) {
  const result = await lambdaHandler(echo, { NAME: 'from-env' })(event, context);
  assert.equal(result.statusCode, 200);
  assert.equal(result.isBase64Encoded, false);
  return JSON.parse(result.body);
}

test('a Function URL GET keeps its path, its raw query and its cookies, and has no body', async () => {
  const seen = await echoed(functionUrlGet());
  assert.equal(seen.method, 'GET');
  const url = new URL(seen.url);
  assert.equal(url.pathname, '/my/path');
  assert.equal(url.search, '?parameter1=value1&parameter1=value2&parameter2=value');
  assert.deepEqual(url.searchParams.getAll('parameter1'), ['value1', 'value2']);
  assert.equal(seen.headers.cookie, 'cookie1; cookie2');
  assert.equal(seen.headers.header2, 'value1,value2');
  assert.equal(seen.body, '');
  assert.equal(seen.env, 'from-env');
  assert.equal(seen.hasLambdaContext, true);
});

test('an HTTP API POST hands the JSON body over unchanged', async () => {
  const body = JSON.stringify({ op: 'update', type: 'node--course', uuid: 'a1b2', note: 'Grüße' });
  const seen = await echoed(httpApiPost(body));
  assert.equal(seen.method, 'POST');
  assert.equal(new URL(seen.url).pathname, '/events');
  assert.equal(new URL(seen.url).host, 'id.execute-api.us-east-1.amazonaws.com');
  assert.equal(seen.headers['content-type'], 'application/json');
  assert.equal(seen.headers['x-moodle-sync-timestamp'], '1700000000');
  assert.equal(Buffer.from(seen.body, 'base64').toString('utf8'), body);
});

test('a base64 body reaches the handler as the client sent its bytes (what a signature is computed over)', async () => {
  const bytes = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0xa9, 0x22, 0x7d, 0x00, 0xff]);
  const seen = await echoed(httpApiPost(bytes.toString('base64'), { isBase64Encoded: true }));
  assert.deepEqual(Buffer.from(seen.body, 'base64'), bytes);
});

test('a named API Gateway stage is not part of the route path', async () => {
  const seen = await echoed(httpApiPost('{}', { stage: 'prod', rawPath: '/prod/events' }));
  assert.equal(new URL(seen.url).pathname, '/events');
});

test('the result: status, headers joined, set-cookie as cookies, JSON as text', async () => {
  const handle = async () => {
    const headers = new Headers({ 'content-type': 'application/json; charset=utf-8' });
    headers.append('vary', 'accept');
    headers.append('vary', 'origin');
    headers.append('set-cookie', 'a=1; Path=/; HttpOnly');
    headers.append('set-cookie', 'b=2; Expires=Wed, 21 Oct 2015 07:28:00 GMT');
    return new Response(JSON.stringify({ run_id: 'r1', state: 'queued' }), { status: 202, headers });
  };
  const result = await lambdaHandler(handle, {})(functionUrlGet(), context);
  assert.deepEqual(result, {
    statusCode: 202,
    headers: { 'content-type': 'application/json; charset=utf-8', vary: 'accept, origin' },
    cookies: ['a=1; Path=/; HttpOnly', 'b=2; Expires=Wed, 21 Oct 2015 07:28:00 GMT'],
    body: '{"run_id":"r1","state":"queued"}',
    isBase64Encoded: false,
  });
});

test('a binary answer goes back base64-encoded, byte for byte', async () => {
  const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
  const handle = async () => new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } });
  const result = await lambdaHandler(handle, {})(functionUrlGet(), context);
  assert.equal(result.isBase64Encoded, true);
  assert.deepEqual(new Uint8Array(Buffer.from(result.body, 'base64')), bytes);
  assert.equal(result.cookies, undefined);
});

test('an empty answer is an empty text body', async () => {
  const result = await lambdaHandler(async () => new Response(null, { status: 204 }), {})(functionUrlGet(), context);
  assert.deepEqual(result, { statusCode: 204, headers: {}, body: '', isBase64Encoded: false });
});

test('a Request built from an event with no headers at all still has a URL', () => {
  const request = requestFromEvent({ version: '2.0', rawPath: '/health', requestContext: { http: { method: 'GET' } } });
  assert.equal(new URL(request.url).pathname, '/health');
  assert.equal(request.method, 'GET');
});

test('the Lambda entry point reads its configuration from the file the environment names', async (t) => {
  const { makeLiveSite } = await import('../source-jsonapi/live-harness.mjs');
  const { startKvServer } = await import('./support/kv-reference-server.mjs');
  const live = await makeLiveSite();
  const kv = await startKvServer({ token: 'state-token-for-the-lambda-test-0123456789' });
  t.after(() => Promise.all([live.close(), kv.close()]));
  const saved = { ...process.env };
  t.after(() => { process.env = saved; });
  Object.assign(process.env, live.env, {
    LAMBDA_TASK_ROOT: path.dirname(live.configFile), MOODLE_SYNC_CONFIG_FILE: path.basename(live.configFile),
    MOODLE_SYNC_STATE_URL: kv.url, MOODLE_SYNC_STATE_TOKEN: 'state-token-for-the-lambda-test-0123456789',
  });
  delete process.env.MOODLE_SYNC_CONFIG;
  const { handler } = await import('../../../js/serverless/lambda.mjs');
  const event = { ...functionUrlGet(), rawPath: '/no-such-route', rawQueryString: '' };
  event.requestContext = { ...event.requestContext, http: { ...event.requestContext.http, path: '/no-such-route' } };
  const result = await handler(event, context);
  assert.equal(result.statusCode, 404, result.body);  // set up (configuration, token, source), then routed
});

test('a configuration file with a byte that is not UTF-8 is refused at its offset, naming the file', async () => {
  const { mkdtemp, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { lambdaEnv } = await import('../../../js/serverless/lambda.mjs');
  const dir = await mkdtemp(path.join(tmpdir(), 'moodle-sync-lambda-config-'));
  await writeFile(path.join(dir, 'moodle-sync.json'), Buffer.concat([Buffer.from('{"site": "caf'), Buffer.from([0xe9]), Buffer.from('"}')]));
  assert.throws(() => lambdaEnv({ LAMBDA_TASK_ROOT: dir, MOODLE_SYNC_CONFIG_FILE: 'moodle-sync.json' }), {
    message: `${path.join(dir, 'moodle-sync.json')}: $: not valid UTF-8 at byte offset 13: the byte 0xE9 does not begin a UTF-8 character (save the file as UTF-8)`,
  });
  await writeFile(path.join(dir, 'moodle-sync.json'), '{"site": "café"}');
  assert.equal(lambdaEnv({ LAMBDA_TASK_ROOT: dir, MOODLE_SYNC_CONFIG_FILE: 'moodle-sync.json' }).MOODLE_SYNC_CONFIG, '{"site": "café"}');
});
