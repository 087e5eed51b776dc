// `moodle-sync check`: the token works, the site guard passes, and the token's service has every
// function the enabled components need (core_webservice_get_site_info lists them).
export async function checkSetup(core, prepared) {
  const { config, source, client } = prepared;
  const setup = core.call('check_setup', { text: config.text, file: config.file, site_url: source.siteUrl });
  if (!setup.ok) throw new Error(setup.error.message);
  const problems = [];
  const lines = [];
  const { body } = core.encodeCall('core_webservice_get_site_info', {});
  const answer = core.decodeAnswer(await client.send(body));
  if (!answer.ok) {
    problems.push(`Moodle at ${config.settings.moodle.url} refused the token: ${answer.error.class}: ${answer.error.message}`);
  } else {
    const info = answer.value;
    lines.push(`Moodle: ${info.sitename} (${info.release ?? info.version ?? 'version unknown'}) at ${config.settings.moodle.url}, as user ${info.username}`);
    const have = new Set((info.functions ?? []).map((f) => f.name));
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
