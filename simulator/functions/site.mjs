// core_webservice_get_site_info: who the token belongs to and which functions its service allows.

import { formatString } from '../format.mjs';
import { multiple, optional, PARAM, single, value } from '../schema.mjs';

const RELEASE = '4.5 (Build: 20241007)';
const VERSION = '2024100700';

const ADVANCED_FEATURES = [
  ['usecomments', 1], ['usetags', 1], ['enablenotes', 1], ['messaging', 1], ['enableblogs', 1],
  ['enablecompletion', 1], ['enablebadges', 1], ['messagingallusers', 0], ['enablecustomreports', 1],
  ['enableglobalsearch', 0], ['mnet_dispatcher_mode', 0], ['enablecompetencies', 1],
];

/** Users the site info needs even before the people modules have seeded the users table. */
const FALLBACK_USERS = {
  2: { username: 'admin', firstname: 'Admin', lastname: 'User', lang: 'en' },
  3: { username: 'wsnocap', firstname: 'WS', lastname: 'NoCap', lang: 'en' },
};

/** A stable 32-hex key per user, like Moodle's userprivateaccesskey (it only has to be the same each call). */
function privateAccessKey(userid, token) {
  let h = 2166136261;
  for (const ch of `${userid}:${token}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return Array.from({ length: 4 }, (_, i) => (Math.imul(h, i + 1) >>> 0).toString(16).padStart(8, '0')).join('');
}

function getSiteInfo(sim, _params, ctx) {
  const { userid, hasCapabilities, token } = ctx.caller;
  const user = { ...FALLBACK_USERS[userid], ...sim.state.users.get(userid) };
  const service = sim.serviceForToken(token);
  const fmt = (s) => formatString(s, ctx.settings);
  return {
    sitename: fmt(sim.config.siteName),
    username: user.username,
    firstname: fmt(user.firstname ?? ''),
    lastname: fmt(user.lastname ?? ''),
    fullname: fmt(`${user.firstname ?? ''} ${user.lastname ?? ''}`.trim()),
    lang: user.lang || 'en',
    userid,
    siteurl: sim.url,
    userpictureurl: `${sim.url}/theme/image.php/boost/core/${sim.config.themeRevision}/u/f1`,
    functions: service.functions.map((name) => ({ name, version: VERSION })),
    downloadfiles: 0,
    uploadfiles: 0,
    release: RELEASE,
    version: VERSION,
    mobilecssurl: '',
    advancedfeatures: ADVANCED_FEATURES.map(([name, v]) => ({ name, value: v })),
    usercanmanageownfiles: true,
    userquota: hasCapabilities ? 0 : 104857600,
    usermaxuploadfilesize: hasCapabilities ? -1 : 67108864,
    userhomepage: 1,
    userprivateaccesskey: privateAccessKey(userid, token),
    siteid: 1,
    sitecalendartype: 'gregorian',
    usercalendartype: 'gregorian',
    userissiteadmin: hasCapabilities,
    theme: 'boost',
    limitconcurrentlogins: 0,
    policyagreed: 0,
  };
}

export const functions = {
  core_webservice_get_site_info: {
    params: { serviceshortnames: multiple(value(PARAM.ALPHANUMEXT), { default: [] }) },
    returns: single({
      sitename: value(PARAM.RAW), username: value(PARAM.RAW), firstname: value(PARAM.TEXT), lastname: value(PARAM.TEXT),
      fullname: value(PARAM.TEXT), lang: value(PARAM.LANG), userid: value(PARAM.INT), siteurl: value(PARAM.RAW),
      userpictureurl: value(PARAM.URL),
      functions: multiple(single({ name: value(PARAM.RAW), version: value(PARAM.TEXT) })),
      downloadfiles: optional(PARAM.INT), uploadfiles: optional(PARAM.INT), release: optional(PARAM.TEXT),
      version: optional(PARAM.TEXT), mobilecssurl: optional(PARAM.URL),
      advancedfeatures: multiple(single({ name: value(PARAM.ALPHANUMEXT), value: value(PARAM.INT) }), { required: false }),
      usercanmanageownfiles: optional(PARAM.BOOL), userquota: optional(PARAM.INT), usermaxuploadfilesize: optional(PARAM.INT),
      userhomepage: optional(PARAM.INT), userhomepageurl: optional(PARAM.URL), userprivateaccesskey: optional(PARAM.ALPHANUM),
      siteid: optional(PARAM.INT), sitecalendartype: optional(PARAM.PLUGIN), usercalendartype: optional(PARAM.PLUGIN),
      userissiteadmin: optional(PARAM.BOOL), theme: optional(PARAM.THEME), limitconcurrentlogins: optional(PARAM.INT),
      usersessionscount: optional(PARAM.INT), policyagreed: optional(PARAM.INT),
    }),
    readOnly: true,
    run: getSiteInfo,
  },
};
