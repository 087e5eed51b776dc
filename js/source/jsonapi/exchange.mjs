// One request to Drupal carried to its end: the core classifies each answer (core.drupalAnswer)
// and says how long to wait before trying again, or that it is over; this only waits and resends.

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A read or write that Drupal refused for good: `cls` is the core's class (setup, credentials, ...). */
export class DrupalError extends Error {
  constructor(error) {
    super(error.message);
    this.name = 'DrupalError';
    this.class = error.class;
    if (error.field) this.field = error.field;
  }
}

/**
 * Sends `method target` until the core accepts the answer or gives up. `entity` ({label}) and
 * `field`/`value` (or `fields`, several at once) name what the request is about, for the core's
 * message and PATCH check.
 * `judgeSuccess`: whether a 2xx answer is sent to the core too (a PATCH's body must hold the value).
 * Resolves to `{ ok: true, answer }` or `{ ok: false, error }` (error: {class, message, field?}).
 */
export async function exchange(core, client, method, target, { body, contentType, entity, field, value, fields, judgeSuccess = false, retries = 3, wait = sleep } = {}) {
  for (let attempt = 1; ; attempt += 1) {
    const answer = await client.request(method, target, { body, contentType });
    if (answer.refused) return { ok: false, error: { class: 'protocol', message: answer.refused } };
    const success = !answer.transportError && answer.status >= 200 && answer.status < 300;
    if (success && !judgeSuccess) return { ok: true, answer };
    const verdict = core.drupalAnswer({
      method, url: answer.url, status: answer.status, contentType: answer.contentType, body: answer.body,
      headers: answer.headers, transportError: answer.transportError, attempt, retries, account: answer.account,
      ...(entity ? { entity } : {}), ...(field ? { field } : {}), ...(value !== undefined ? { value } : {}), ...(fields ? { fields } : {}),
    });
    if (verdict.ok) return { ok: true, answer };
    if (verdict.retry_delay_ms === null || verdict.retry_delay_ms === undefined) {
      return { ok: false, error: { ...verdict.error, message: client.redact(verdict.error.message) } };
    }
    if (answer.status === 401) client.dropBearer();  // an expired bearer: the retry fetches a new one
    await wait(verdict.retry_delay_ms);
  }
}
