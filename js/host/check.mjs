// `moodle-sync check`: the token works, the site guard passes, and the token's service has every
// function the enabled components need (core_webservice_get_site_info lists them).
export async function checkSetup(core, prepared) {
  const { config, source, client } = prepared;
  const setup = core.call('check_setup', { text: config.text, file: config.file, ...source.siteInput(), documents: source.documents });
  if (!setup.ok) throw new Error(setup.error.message);
  const problems = [];
  const lines = [];
  const { body } = core.encodeCall('core_webservice_get_site_info', {});
  const reply = await client.send(body);
  const answer = core.decodeAnswer({ status: reply.status, body: reply.body, contentType: reply.content_type, transportError: reply.transport_error });
  const info = answer.ok ? answer.value : null;
  const shaped = info && typeof info === 'object' && !Array.isArray(info) && Array.isArray(info.functions)
    && info.functions.every((f) => f && typeof f.name === 'string');
  if (!answer.ok) {
    const what = answer.error.class === 'credentials' ? 'refused the token' : answer.error.class === 'permission'
      ? 'denied the token\'s user' : 'could not be asked';
    problems.push(`Moodle at ${config.settings.moodle.url} ${what}: ${answer.error.class}: ${answer.error.message}`);
  } else if (!shaped) {
    problems.push(`Moodle at ${config.settings.moodle.url}: protocol: core_webservice_get_site_info did not answer the site and its functions`);
  } else {
    lines.push(`Moodle: ${info.sitename} (${info.release ?? info.version ?? 'version unknown'}) at ${config.settings.moodle.url}, as user ${info.username}`);
    const have = new Set(info.functions.map((f) => f.name));
    for (const [component, needed] of Object.entries(setup.value.required_functions)) {
      const missing = needed.filter((f) => !have.has(f));
      if (missing.length) problems.push(`${component}: the service lacks ${missing.join(', ')}`);
      else lines.push(`${component}: every function needed is in the service (${needed.length})`);
    }
  }
  const guard = setup.value.site_guard;
  if (guard.writes_allowed) lines.push(`Site guard: ${guard.reason}`);
  else problems.push(`Site guard: ${guard.reason}`);
  return { lines, problems };
}
