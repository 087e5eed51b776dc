// The site's accounts: who may log in (Basic auth, OAuth2 client credentials) and with which
// permissions. Each account is a Drupal user with its own role, so a client can follow
// `meta.links.me` to the user and its `roles` to the `permissions` it holds, as on a real site.

import { createHash, randomBytes } from 'node:crypto';
import { rfc3339 } from './time-values.mjs';

/** What the sync account holds: the admin permission of every entity type it reads. */
export const ADMIN_PERMISSIONS = ['access content', 'bypass node access', 'administer nodes', 'access user profiles',
  'administer users', 'administer taxonomy', 'administer registration', 'administer permissions'];

/** Permissions of anonymous when the export has no `anonymous` role. */
const ANONYMOUS_DEFAULT = ['access content'];

const secret = () => randomBytes(12).toString('base64url');

/** A stable uuid for a name (the same account keeps its user across restarts). */
function nameUuid(kind, name) {
  const h = createHash('sha1').update(`${kind}:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The default: one sync account with admin permissions, allowed to edit `field_moodle_id` of every type. */
export function defaultAccounts(given = {}) {
  return [{
    username: 'moodle_sync',
    password: secret(),
    client_id: nameUuid('consumer', 'moodle_sync'),
    client_secret: secret(),
    permissions: ADMIN_PERMISSIONS,
    editable: { '*': ['field_moodle_id'] },
    ...given,
  }];
}

/**
 * @param accounts [{ username, password, client_id?, client_secret?, permissions: [...],
 *   editable?: { '<type>' | '*': '*' | [field, ...] }, defaultScope? }]
 * @param roleResources the export's user_role resources (anonymous/authenticated permissions)
 */
export class Accounts {
  constructor(accounts, { roleResources = [], clock }) {
    const roleNamed = (name) => roleResources.find((r) => r.attributes?.drupal_internal__id === name);
    this.anonymousPermissions = new Set(roleNamed('anonymous')?.attributes?.permissions ?? ANONYMOUS_DEFAULT);
    const authenticated = roleNamed('authenticated');
    this.list = [];
    this.entities = new Map();   // uuid -> the user and role resources of the accounts
    accounts.forEach((given, i) => {
      if (!given?.username) throw new TypeError(`accounts[${i}]: a username is required`);
      const account = { editable: {}, permissions: [], ...given };
      const role = {
        type: 'user_role--user_role', id: nameUuid('role', account.username),
        attributes: { langcode: 'en', status: true, dependencies: [], drupal_internal__id: account.username,
          label: `${account.username} role`, weight: 10 + i, is_admin: false, permissions: [...account.permissions] },
        relationships: {},
      };
      const roles = authenticated ? [authenticated, role] : [role];
      const user = {
        type: 'user--user', id: account.uuid ?? nameUuid('user', account.username),
        attributes: { drupal_internal__uid: 9000 + i, name: account.username, mail: `${account.username}@simulator.invalid`,
          status: true, changed: rfc3339(clock()) },
        relationships: { roles: { data: roles.map((r) => ({ type: r.type, id: r.id, meta: { drupal_internal__target_id: r.attributes.drupal_internal__id } })) } },
      };
      account.uuid = user.id;
      account.permissionSet = new Set([...(authenticated?.attributes?.permissions ?? []), ...account.permissions]);
      this.entities.set(user.id, user);
      this.entities.set(role.id, role);
      this.list.push(account);
    });
  }

  byUsername(name) { return this.list.find((a) => a.username === name); }
  byClientId(id) { return this.list.find((a) => a.client_id && a.client_id === id); }

  /** The secrets worth keeping in a state file, so that a restart keeps the same credentials. */
  secrets() {
    return this.list.map(({ username, password, client_id, client_secret }) => ({ username, password, client_id, client_secret }));
  }
}

/** Whether `account` (null = anonymous) holds `permission`. */
export function hasPermission(accounts, account, permission) {
  return account ? account.permissionSet.has(permission) : accounts.anonymousPermissions.has(permission);
}

/** Whether `account` may change `field` of `type` (editable: { type or '*': '*' or [fields] }). */
export function mayEditField(account, type, field) {
  const rule = account?.editable?.[type] ?? account?.editable?.['*'];
  return rule === '*' || (Array.isArray(rule) && rule.includes(field));
}

/** Whether `account` may PATCH resources of `type` at all. */
export const mayEditType = (account, type) => Boolean(account?.editable?.[type] ?? account?.editable?.['*']);
