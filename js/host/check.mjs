// `moodle-sync check`: asks Moodle for its site info (the token works, the service's functions)
// and lets the core judge it with the site guard and the functions the enabled components need.
export async function checkSetup(core, prepared) {
  const { config, source, client } = prepared;
  const { body } = core.encodeCall('core_webservice_get_site_info', {});
  const reply = await client.send(body);
  const siteInfo = core.decodeAnswer({ status: reply.status, body: reply.body, contentType: reply.content_type, transportError: reply.transport_error });
  const setup = core.call('check_setup', {
    text: config.text, file: config.file, ...source.siteInput(), documents: source.documents, site_info: siteInfo,
  });
  if (!setup.ok) throw new Error(setup.error.message);
  const { moodle, site_guard: guard } = setup.value;
  const lines = [...moodle.lines];
  const problems = [...moodle.problems];
  (guard.writes_allowed ? lines : problems).push(`Site guard: ${guard.reason}`);
  const warnings = (setup.value.warnings ?? []).map((w) => `${w.path}: ${w.message}`);
  return { lines, problems, warnings };
}
