// Reading a configuration file for a Node host: the core checks it; paths in it are relative to
// the file; the token comes from the environment and is never printed.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Utf8Error, decodeUtf8 } from '../utf8-text.mjs';

export class ConfigFileError extends Error {
  constructor(message, issues = []) {
    super(message);
    this.name = 'ConfigFileError';
    this.issues = issues;
  }
}

/** `{ file, text, settings, mappings, warnings, sourcePath, statePath }` (warnings: `[{path, message}]`, the core's); throws ConfigFileError listing every issue. */
export async function loadConfigFile(core, file) {
  let bytes;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new ConfigFileError(`${file}: cannot read the configuration (${e.code ?? e.message})`);
  }
  let text;
  try {
    text = decodeUtf8(bytes);
  } catch (e) {
    if (!(e instanceof Utf8Error)) throw e;
    throw new ConfigFileError(`${file}: $: ${e.message}`, [{ path: '$', message: e.message }]);
  }
  let loaded;
  try {
    loaded = core.loadConfig(text, file);
  } catch (e) {
    throw new ConfigFileError(e.message, e.issues ?? []);
  }
  const { settings } = loaded;
  const sourcePath = settings.source.path ? path.resolve(path.dirname(file), settings.source.path) : undefined;
  // The journal and the run lock live beside the export, or beside the configuration of a live source.
  const statePath = settings.source.type === 'jsonapi' ? path.resolve(file) : sourcePath;
  return { file, text, settings, mappings: loaded.mappings, warnings: loaded.warnings ?? [], sourcePath, statePath };
}

/** The Moodle token: from the configured environment variable (or the file when allowed). */
export function moodleToken(settings, env = process.env) {
  return settings.moodle.token ?? env[settings.moodle.token_env] ?? '';
}
