/**
 * cognito-local, the offline Cognito emulator, started in this process for tests of the user-pool adapter: a real
 * engine answering the real SDK. It keeps its data in `.cognito/` under the working directory and resolves that
 * path at every access, so the process works in a fresh temporary directory while the emulator runs (vitest runs
 * each test file in its own process). `userPool()` makes a pool shaped like the stack's: the custom attributes
 * units and region, and the four role groups.
 */
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createDefaultServer } from 'cognito-local';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLES } from '../shared/features/auth/index.js';

export interface CognitoLocal {
  client: CognitoIdentityProviderClient;
  /** A new pool with the stack's custom attributes and groups; its id. */
  userPool(): Promise<string>;
  createUser(poolId: string, username: string): Promise<void>;
  deleteUser(poolId: string, username: string): Promise<void>;
  groupsOf(poolId: string, username: string): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startCognitoLocal(): Promise<CognitoLocal> {
  const dir = await mkdtemp(join(tmpdir(), 'gongshi-cognito-'));
  await mkdir(join(dir, '.cognito'));
  await writeFile(
    join(dir, '.cognito', 'config.json'),
    // Usernames as the stack's pool has them (its default signs in by email only), on a port of its own.
    JSON.stringify({ ServerConfig: { port: 0, hostname: '127.0.0.1' }, UserPoolDefaults: { UsernameAttributes: [] } }),
  );
  const cwd = process.cwd();
  process.chdir(dir);
  // cognito-local takes a pino logger; its own copy of pino, so the tests need no dependency of their own.
  const pino = createRequire(createRequire(import.meta.url).resolve('cognito-local'))('pino') as (o: object) => never;
  const server = await (await createDefaultServer(pino({ level: 'silent' }))).start();
  const { port } = server.address() as AddressInfo;
  const client = new CognitoIdentityProviderClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    client,
    async userPool() {
      const out = await client.send(
        new CreateUserPoolCommand({
          PoolName: `gongshi-test-${Date.now()}`,
          UsernameAttributes: [],
          AliasAttributes: ['email'],
          Schema: [
            { Name: 'units', AttributeDataType: 'String', Mutable: true },
            { Name: 'region', AttributeDataType: 'String', Mutable: true },
          ],
        }),
      );
      const id = out.UserPool?.Id;
      if (!id) throw new Error('cognito-local made no pool');
      for (const role of ROLES) await client.send(new CreateGroupCommand({ UserPoolId: id, GroupName: role }));
      return id;
    },
    async createUser(poolId, username) {
      await client.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: username,
          MessageAction: 'SUPPRESS',
          UserAttributes: [{ Name: 'email', Value: `${username}@example.test` }],
        }),
      );
    },
    async deleteUser(poolId, username) {
      await client.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: username }));
    },
    async groupsOf(poolId, username) {
      const out = await client.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: username }));
      return (out.Groups ?? []).map((g) => g.GroupName ?? '').sort();
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      client.destroy();
      process.chdir(cwd);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
