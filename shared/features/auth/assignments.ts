/**
 * Role assignments: an administrator of a region makes a user the editor (填报人员) of a unit in that region, or
 * the reviewer (法制审核人员) or auditor (审计人员) of a region within it. An assignment is stored under the user's
 * stable `sub`, which the user directory (./user-directory.ts) resolves from the sign-in name when it is granted:
 * on AWS the Cognito user's `sub`, which a user deleted and created again under the same name does not keep;
 * locally the user id of the development sign-in. The sign-in name is kept beside it for display.
 *
 * Authorization reads the stored assignments on every request, not from the token: the authenticator (and the
 * workbench's session) adds what `AssignmentResolver` finds to what the token's claims grant. A process keeps a
 * user's assignments for at most `ASSIGNMENT_CACHE_MS` (60 s), so a revoked assignment stops working within 60 s
 * everywhere, and at once in the process that revoked it. On AWS the directory also writes each assignment to the
 * user pool's groups and attributes, which the pool's tokens then carry; claims set directly on the Cognito user
 * count too, for as long as the token lives: they are how the first administrators are made.
 *
 * A person covers one region (Principal.regionPrefix is one prefix): reviewer and auditor assignments of one user
 * name the same region, and they count only where the token names no other region.
 *
 * Items written before assignments were keyed by `sub` are stored under the sign-in name and carry no `sub`: they
 * grant nothing and are listed by `legacy()` for ./migrate-assignments.ts.
 */
import { DeleteItemCommand, PutItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { z } from '@hono/zod-openapi';
import { regionPrefix, regionStatus } from '../../core/region.js';
import { checkUscc } from '../../core/uscc.js';
import { conditionalWrite } from '../../platform/dynamodb/conditional.js';
import { queryAll } from '../../platform/dynamodb/query.js';
import type { Authenticator } from './authenticator.js';
import { authKeys } from './keys.js';
import type { Principal, Role } from './principal.js';

/** How long a process may keep a user's assignments before reading them again: the bound on a revocation. */
export const ASSIGNMENT_CACHE_MS = 60_000;

export const ASSIGNABLE_ROLES = ['editor', 'reviewer', 'auditor'] as const;
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

/** A sign-in name: letters, digits and . _ @ + -; compared without case (the user pool signs in case-insensitively). */
export const UserIdSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[\p{L}\p{N}._@+-]{1,128}$/u);

const AssignmentFields = z.object({
  /** The user's stable id (the token's `sub`), which the assignment is stored under. */
  sub: z.string().min(1),
  /** The sign-in name it was granted to: the Cognito username, the local user id. */
  userId: UserIdSchema,
  role: z.enum(ASSIGNABLE_ROLES),
  /** The unit's 统一社会信用代码 (editor), or a GB/T 2260 region code (reviewer, auditor). */
  scope: z.string(),
  /** The region the assignment lies in: the unit's registered region, or the assigned region itself. */
  regionCode: z.string().regex(/^\d{6}$/),
  grantedBy: z.string().min(1),
  grantedAt: z.iso.datetime(),
});

export const AssignmentSchema = AssignmentFields.superRefine((a, ctx) => {
  const ok = a.role === 'editor' ? checkUscc(a.scope).valid : /^\d{6}$/.test(a.scope) && a.scope === a.regionCode;
  if (!ok) ctx.addIssue({ code: 'custom', path: ['scope'], message: 'scope does not fit the role' });
}).openapi('Assignment');
export type Assignment = z.infer<typeof AssignmentSchema>;

/** A region code the assignment forms accept: six digits, a code of GB/T 2260 (current or not). */
export const isRegionCode = (code: string) => /^\d{6}$/.test(code) && regionStatus(code) !== 'invalid';

// ------------------------------------------------------------------ DynamoDB inputs (pure) and the store
type AssignmentKey = Pick<Assignment, 'sub' | 'role' | 'scope'>;
const key = (a: AssignmentKey) => ({
  pk: { S: authKeys.assignment(a.sub) },
  sk: { S: authKeys.assignmentSk(a.role, a.scope) },
});

export function putAssignmentInput(tableName: string, a: Assignment) {
  return {
    TableName: tableName,
    Item: marshall({
      pk: authKeys.assignment(a.sub),
      sk: authKeys.assignmentSk(a.role, a.scope),
      gsi1pk: authKeys.assignmentsIndex.pk,
      gsi1sk: authKeys.assignmentsIndex.sk(a.regionCode, a.role, a.scope, a.sub),
      ...a,
    }),
    ConditionExpression: 'attribute_not_exists(pk)',
  };
}

export function deleteAssignmentInput(tableName: string, a: AssignmentKey) {
  return {
    TableName: tableName,
    Key: key(a),
    ConditionExpression: 'attribute_exists(pk)',
    ReturnValues: 'ALL_OLD' as const,
  };
}

/** An assignment stored under a sign-in name, before assignments were keyed by `sub`. */
export const LegacyAssignmentSchema = AssignmentFields.omit({ sub: true }).openapi('LegacyAssignment');
export type LegacyAssignment = z.infer<typeof LegacyAssignmentSchema>;

const attributesOf = (raw: Record<string, AttributeValue>) => {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...rest } = unmarshall(raw);
  return rest;
};
const isLegacy = (raw: Record<string, AttributeValue>) => raw.sub === undefined;
const fromItem = (raw: Record<string, AttributeValue>): Assignment => AssignmentSchema.parse(attributesOf(raw));

export class AssignmentsStore {
  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {}

  /** Stores a new assignment; false when the user holds it already. */
  async add(a: Assignment): Promise<boolean> {
    return (
      (await conditionalWrite(this.client.send(new PutItemCommand(putAssignmentInput(this.tableName, a))))) !==
      undefined
    );
  }

  /** Removes an assignment; the removed one, or undefined when there was none. */
  async remove(a: AssignmentKey): Promise<Assignment | undefined> {
    const out = await conditionalWrite(
      this.client.send(new DeleteItemCommand(deleteAssignmentInput(this.tableName, a))),
    );
    return out?.Attributes ? fromItem(out.Attributes) : undefined;
  }

  /** A user's assignments, by `sub` (one consistent Query). */
  async ofUser(sub: string): Promise<Assignment[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: authKeys.assignment(sub) } },
      ConsistentRead: true,
    });
    return items.filter((raw) => !isLegacy(raw)).map(fromItem);
  }

  /** Every assignment in a region prefix ('' everywhere), ordered by region, role and scope (the index). */
  async inRegion(prefix: string): Promise<Assignment[]> {
    return (await this.indexed(prefix)).filter((raw) => !isLegacy(raw)).map(fromItem);
  }

  /**
   * The items stored under a sign-in name and without a `sub`, in a region prefix ('' everywhere): they grant
   * nothing until migrated.
   */
  async legacy(prefix = ''): Promise<LegacyAssignment[]> {
    return (await this.indexed(prefix)).filter(isLegacy).map((raw) => LegacyAssignmentSchema.parse(attributesOf(raw)));
  }

  /** Stores a migrated legacy assignment under its `sub`: new, or over the legacy item when the keys coincide. */
  async putMigrated(a: Assignment): Promise<void> {
    await conditionalWrite(
      this.client.send(
        new PutItemCommand({
          ...putAssignmentInput(this.tableName, a),
          ConditionExpression: 'attribute_not_exists(pk) OR attribute_not_exists(#sub)',
          ExpressionAttributeNames: { '#sub': 'sub' },
        }),
      ),
    );
  }

  /** Removes a legacy item (stored under its sign-in name). */
  async removeLegacy(a: Pick<LegacyAssignment, 'userId' | 'role' | 'scope'>): Promise<void> {
    // Only while it is still a legacy item: locally the migrated item has the same key and carries a `sub`.
    await conditionalWrite(
      this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: authKeys.assignment(a.userId) }, sk: { S: authKeys.assignmentSk(a.role, a.scope) } },
          ConditionExpression: 'attribute_not_exists(#sub)',
          ExpressionAttributeNames: { '#sub': 'sub' },
        }),
      ),
    );
  }

  private async indexed(prefix: string) {
    return queryAll(this.client, {
      TableName: this.tableName,
      IndexName: authKeys.assignmentsIndex.name,
      KeyConditionExpression: prefix ? 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)' : 'gsi1pk = :pk',
      ExpressionAttributeValues: {
        ':pk': { S: authKeys.assignmentsIndex.pk },
        ...(prefix ? { ':prefix': { S: prefix } } : {}),
      },
    });
  }
}

// ------------------------------------------------------------------ resolution
/** The sign-in name of a principal: the username the token carries, else its subject. */
export const userIdOf = (p: Pick<Principal, 'sub' | 'username'>) => (p.username ?? p.sub).trim().toLowerCase();

/** The principal with its stored assignments added (pure). */
export function withAssigned(p: Principal, assignments: readonly Assignment[]): Principal {
  const roles = new Set<Role>(p.roles);
  const units = [...p.units];
  let prefix = p.regionPrefix;
  for (const a of assignments) {
    if (a.role === 'editor') {
      roles.add('editor');
      if (!units.includes(a.scope)) units.push(a.scope);
      continue;
    }
    const assigned = regionPrefix(a.scope);
    if (prefix !== undefined && prefix !== assigned) continue; // another region than the token's: not granted
    prefix = assigned;
    roles.add(a.role);
  }
  return { ...p, roles: [...roles], units, ...(prefix !== undefined ? { regionPrefix: prefix } : {}) };
}

/** Reads a user's assignments, keeping them for at most `ttlMs` per process. */
export class AssignmentResolver {
  private readonly cache = new Map<string, { at: number; assignments: Assignment[] }>();

  constructor(
    readonly store: AssignmentsStore,
    readonly clock: () => Date,
    readonly ttlMs = ASSIGNMENT_CACHE_MS,
  ) {}

  async assignmentsOf(sub: string): Promise<Assignment[]> {
    const now = this.clock().getTime();
    const hit = this.cache.get(sub);
    if (hit && now - hit.at < this.ttlMs && now >= hit.at) return hit.assignments;
    const assignments = await this.store.ofUser(sub);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(sub, { at: now, assignments });
    return assignments;
  }

  async resolve(p: Principal): Promise<Principal> {
    return withAssigned(p, await this.assignmentsOf(p.sub));
  }

  /** After a change in this process: the next request reads the store again. */
  forget(sub: string): void {
    this.cache.delete(sub);
  }
}

/** An authenticator whose principals carry their stored assignments too. */
export function withAssignments(auth: Authenticator, resolver: AssignmentResolver): Authenticator {
  return {
    mode: auth.mode,
    authenticate: async (req) => resolver.resolve(await auth.authenticate(req)),
  };
}
