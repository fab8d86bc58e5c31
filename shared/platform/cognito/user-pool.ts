/**
 * A Cognito user pool's administrative calls, as the registry uses them: look a user up by username, add to and
 * remove from a group, set and delete attributes. No domain knowledge: callers say which group and which
 * attributes. The client is injected (on AWS the function's role; in tests cognito-local through its endpoint).
 * The IAM actions these calls need are `USER_POOL_ACTIONS`, which the stack grants on the one pool.
 */
import {
  AdminAddUserToGroupCommand,
  AdminDeleteUserAttributesCommand,
  AdminGetUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUpdateUserAttributesCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';

export const USER_POOL_ACTIONS = [
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:AdminUpdateUserAttributes',
  'cognito-idp:AdminDeleteUserAttributes',
] as const;

export interface PoolUser {
  username: string;
  /** The pool's stable, never reused id of the user (the `sub` of its tokens). */
  sub: string;
  /** Every attribute by name (`email`, `custom:units`, …). */
  attributes: Record<string, string>;
  createdAt?: Date;
}

const isUserNotFound = (e: unknown) => (e as { name?: string }).name === 'UserNotFoundException';

export class CognitoUserPool {
  constructor(
    readonly client: CognitoIdentityProviderClient,
    readonly userPoolId: string,
  ) {}

  /** The user signed in by this username, or undefined when the pool has none. */
  async getUser(username: string): Promise<PoolUser | undefined> {
    try {
      const out = await this.client.send(new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: username }));
      const attributes = Object.fromEntries((out.UserAttributes ?? []).map((a) => [a.Name ?? '', a.Value ?? '']));
      const sub = attributes.sub;
      if (!sub) throw new Error(`user pool ${this.userPoolId}: user ${username} has no sub`);
      return {
        username: out.Username ?? username,
        sub,
        attributes,
        ...(out.UserCreateDate ? { createdAt: out.UserCreateDate } : {}),
      };
    } catch (e) {
      if (isUserNotFound(e)) return undefined;
      throw e;
    }
  }

  async addToGroup(username: string, group: string): Promise<void> {
    await this.client.send(
      new AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username: username, GroupName: group }),
    );
  }

  async removeFromGroup(username: string, group: string): Promise<void> {
    await this.client.send(
      new AdminRemoveUserFromGroupCommand({ UserPoolId: this.userPoolId, Username: username, GroupName: group }),
    );
  }

  async setAttributes(username: string, attributes: Record<string, string>): Promise<void> {
    await this.client.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: this.userPoolId,
        Username: username,
        UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
      }),
    );
  }

  async deleteAttributes(username: string, names: string[]): Promise<void> {
    await this.client.send(
      new AdminDeleteUserAttributesCommand({
        UserPoolId: this.userPoolId,
        Username: username,
        UserAttributeNames: names,
      }),
    );
  }
}
