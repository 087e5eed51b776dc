// `moodle-sync check` of a live Drupal source: the core says what to read (the JSON:API entry
// point, the account behind `meta.links.me`, its roles, a test PATCH) and judges the answers; this
// only sends the reads and hands the answers back until the core asks for nothing more.
const MAX_ROUNDS = 8;  // the conversation has four steps; more means the core keeps asking

function answerOf(got) {
  const failure = got.transportError || got.refused;
  return { url: got.url, status: got.status ?? 0, body: got.body ?? '', ...(failure ? { transport_error: failure } : {}) };
}

/** `{ lines, notes, problems }` for the Drupal side of a jsonapi source. */
export async function checkDrupal(core, config, source) {
  const answers = { account: source.client.account };
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const verdict = core.call('drupal_access_check', { text: config.text, file: config.file, answers });
    if (!verdict.ok) throw new Error(verdict.error.message);
    const { requests, lines, notes, problems } = verdict.value;
    if (!requests.length) return { lines, notes, problems: problems.map((p) => source.client.redact(p)) };
    const got = await Promise.all(requests.map((r) => source.client.request(r.method, r.url, { body: r.body, contentType: r.content_type })));
    requests.forEach((r, i) => {
      const answer = answerOf(got[i]);
      if (r.key === 'roles') (answers.roles ??= []).push(answer);
      else answers[r.key] = answer;
    });
  }
  throw new Error('the check of the Drupal side did not end');
}
