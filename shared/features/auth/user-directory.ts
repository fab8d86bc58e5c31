/**
 * The directory of people who sign in: resolves a sign-in name to the user's stable `sub`, and holds the role
 * assignments where the sign-in itself reads them.
 * - On AWS, the Cognito user pool (`userPoolDirectory`): a grant adds the user to the role's group and writes the
 *   scope attribute (custom:units for an editor, custom:region for a reviewer or auditor), a revocation takes
 *   them back, so the tokens the pool issues carry what the stored assignments say. A user deleted and created
 *   again under the same name gets a new `sub` and an empty group list: nothing is inherited.
 * - Locally (`localUserDirectory`), the development sign-in and `gongshi token` name a user by the sign-in name
 *   itself, which is its `sub`; there is no account to delete or re-create, and the assignments stored in the
 *   table are the whole local store.
 */
import { AppError } from '../../core/errors.js';
import type { Assignment } from './assignments.js';
import { CLAIMS, claimList } from './claims.js';

export interface DirectoryUser {
  /** The stable id the user's tokens carry as `sub`; assignments are stored under it. */
  sub: string;
  username: string;
  /** The scope the directory holds for the user now: custom:units and custom:region (none locally). */
  units: string[];
  region?: string;
  /** When the account was made (user pool only). */
  createdAt?: Date;
}

export interface UserDirectory {
  readonly kind: 'local' | 'user-pool';
  /** The user signed in by this name, or undefined when there is none. */
  find(username: string): Promise<DirectoryUser | undefined>;
  /** Writes a stored assignment to the directory. */
  grant(user: DirectoryUser, assignment: Assignment): Promise<void>;
  /** Takes a revoked assignment back; `remaining` are the user's assignments still stored. */
  revoke(user: DirectoryUser, assignment: Assignment, remaining: readonly Assignment[]): Promise<void>;
}

export const localUserDirectory: UserDirectory = {
  kind: 'local',
  find: async (username) => ({ sub: username, username, units: [] }),
  grant: async () => {},
  revoke: async () => {},
};

/** The user pool calls the directory makes (shared/platform/cognito/user-pool.ts implements them). */
export interface UserPoolAdmin {
  getUser(
    username: string,
  ): Promise<{ username: string; sub: string; attributes: Record<string, string>; createdAt?: Date } | undefined>;
  addToGroup(username: string, group: string): Promise<void>;
  removeFromGroup(username: string, group: string): Promise<void>;
  setAttributes(username: string, attributes: Record<string, string>): Promise<void>;
  deleteAttributes(username: string, names: string[]): Promise<void>;
}

/** custom:units holds at most 2,048 characters (the pool's schema): 107 credit codes with their commas. */
const UNITS_MAX_LENGTH = 2048;
const isRegionRole = (a: Pick<Assignment, 'role'>) => a.role !== 'editor';

export function userPoolDirectory(pool: UserPoolAdmin): UserDirectory {
  return {
    kind: 'user-pool',
    async find(username) {
      const user = await pool.getUser(username);
      if (!user) return undefined;
      const region = user.attributes[CLAIMS.region]?.trim();
      return {
        sub: user.sub,
        username: user.username,
        units: claimList(user.attributes[CLAIMS.units]).map((u) => u.toUpperCase()),
        ...(region ? { region } : {}),
        ...(user.createdAt ? { createdAt: user.createdAt } : {}),
      };
    },
    async grant(user, a) {
      if (a.role === 'editor' && !user.units.includes(a.scope)) {
        const units = [...user.units, a.scope].join(',');
        if (units.length > UNITS_MAX_LENGTH)
          throw new AppError('UNPROCESSABLE', '该用户负责的执法主体已达用户池上限（107 个），未作任何更改', {
            reason: 'TOO_MANY_UNITS',
          });
        await pool.setAttributes(user.username, { [CLAIMS.units]: units });
      }
      if (isRegionRole(a) && user.region !== a.scope)
        await pool.setAttributes(user.username, { [CLAIMS.region]: a.scope });
      await pool.addToGroup(user.username, a.role);
    },
    async revoke(user, a, remaining) {
      // The group first: without it the scope attribute grants nothing.
      if (!remaining.some((r) => r.role === a.role)) await pool.removeFromGroup(user.username, a.role);
      if (a.role === 'editor' && user.units.includes(a.scope)) {
        const units = user.units.filter((u) => u !== a.scope);
        if (units.length) await pool.setAttributes(user.username, { [CLAIMS.units]: units.join(',') });
        else await pool.deleteAttributes(user.username, [CLAIMS.units]);
      }
      if (isRegionRole(a) && !remaining.some(isRegionRole) && user.region === a.scope)
        await pool.deleteAttributes(user.username, [CLAIMS.region]);
    },
  };
}
