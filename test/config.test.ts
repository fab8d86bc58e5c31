/** The environment configuration: one schema, read once by the composition roots, every bad variable named. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../shared/app/config.js';
import { runtimeOptionsFromConfig } from '../shared/app/configured.js';
import { KmsSigner } from '../shared/features/ledger/kms-signer.js';
import { DEFAULT_REVIEW_GROUNDS } from '../shared/features/workflow/drafts.js';

describe('loadConfig', () => {
  it('gives a local registry on the default table when nothing is set', () => {
    const config = loadConfig({});
    expect(config.store).toEqual({ tableName: 'gongshi', region: 'cn-north-1' });
    expect(config.auth).toEqual({ mode: 'local', dataDir: '.data' });
    expect(config.stage).toBe('local');
    expect(config.ledger.origin).toBe('gongshi.local/log');
    expect(config.review).toEqual({});
    expect(config.http).toEqual({ cursorKey: undefined, exportUrl: undefined });
  });

  it('reads the store, the ledger and the HTTP settings the stack sets', () => {
    const config = loadConfig({
      TABLE_NAME: 'gongshi-prod',
      AWS_REGION: 'cn-northwest-1',
      GONGSHI_SEARCH_REFRESH_MS: '2000',
      GONGSHI_CURSOR_KEY: 'k'.repeat(32),
      EXPORT_URL: 'https://abc.lambda-url.cn-northwest-1.on.amazonwebservices.com.cn/',
      GONGSHI_LOG_ORIGIN: 'gongshi.example.cn/log',
      LEDGER_SIGNING_KEY_ID: 'arn:aws-cn:kms:cn-northwest-1:1:key/x',
      LEDGER_SEQUENCER_FUNCTION: 'seq',
      GONGSHI_STAGE: 'prod',
    });
    expect(config.store).toEqual({ tableName: 'gongshi-prod', region: 'cn-northwest-1', searchRefreshMs: 2000 });
    expect(config.http.cursorKey).toHaveLength(32);
    expect(config.http.exportUrl).toMatch(/^https:/);
    expect(config.ledger).toEqual({
      origin: 'gongshi.example.cn/log',
      keyFile: undefined,
      kmsKeyId: 'arn:aws-cn:kms:cn-northwest-1:1:key/x',
      sequencerFunction: 'seq',
    });
    expect(config.stage).toBe('prod');
  });

  it('names the signer of monthly decision statements: a local key file or a KMS key, else none', () => {
    expect(loadConfig({}).decisions).toEqual({});
    expect(loadConfig({ GONGSHI_STATEMENT_KEY_FILE: '.data/statement-key.pem' }).decisions).toEqual({
      statementKeyFile: '.data/statement-key.pem',
    });
    const onAws = loadConfig({ STATEMENT_SIGNING_KEY_ID: 'arn:aws-cn:kms:cn-northwest-1:1:key/s' });
    expect(onAws.decisions).toEqual({ statementKmsKeyId: 'arn:aws-cn:kms:cn-northwest-1:1:key/s' });
    expect(runtimeOptionsFromConfig(onAws).statementSigner).toBeDefined();
    expect(runtimeOptionsFromConfig(loadConfig({})).statementSigner).toBeUndefined();
  });

  it('authenticates by API Gateway claims inside Lambda, unless GONGSHI_AUTH says otherwise', () => {
    expect(loadConfig({ AWS_LAMBDA_FUNCTION_NAME: 'f' }).auth.mode).toBe('apigateway');
    expect(loadConfig({ AWS_LAMBDA_FUNCTION_NAME: 'f', GONGSHI_AUTH: 'local' }).auth.mode).toBe('local');
  });

  it('treats an empty variable as unset', () => {
    const config = loadConfig({ TABLE_NAME: '', DYNAMODB_ENDPOINT: ' ', GONGSHI_AUTH: '', GONGSHI_LOG_ORIGIN: '' });
    expect(config.store.tableName).toBe('gongshi');
    expect(config.store.endpoint).toBeUndefined();
    expect(config.auth.mode).toBe('local');
    expect(config.ledger.origin).toBe('gongshi.local/log');
  });

  it('splits review grounds on ASCII and full-width commas', () => {
    expect(loadConfig({ GONGSHI_REVIEW_GROUNDS: '超越职权，证据不足, 程序不合法' }).review.grounds).toEqual([
      '超越职权',
      '证据不足',
      '程序不合法',
    ]);
  });

  it('refuses a bad environment naming every failing variable at once', () => {
    const read = () =>
      loadConfig({
        GONGSHI_AUTH: 'none',
        DYNAMODB_ENDPOINT: 'localhost:8000',
        GONGSHI_SEARCH_REFRESH_MS: 'soon',
        GONGSHI_LOG_ORIGIN: 'two words',
        GONGSHI_CURSOR_KEY: 'short',
      });
    expect(read).toThrow(ConfigError);
    try {
      read();
    } catch (error) {
      const names = (error as ConfigError).problems.map((p) => p.split(':')[0]);
      expect(names.sort()).toEqual([
        'DYNAMODB_ENDPOINT',
        'GONGSHI_AUTH',
        'GONGSHI_CURSOR_KEY',
        'GONGSHI_LOG_ORIGIN',
        'GONGSHI_SEARCH_REFRESH_MS',
      ]);
    }
  });
});

describe('runtimeOptionsFromConfig', () => {
  it('selects the verifier, the review grounds and the workbench sign-in from the configuration', () => {
    const onAws = runtimeOptionsFromConfig(
      loadConfig({
        AWS_LAMBDA_FUNCTION_NAME: 'write',
        GONGSHI_STAGE: 'prod',
        GONGSHI_REVIEW_GROUNDS: '证据不足',
        WORKBENCH_SESSION_SECRET: 's'.repeat(40),
        WORKBENCH_IDLE_MINUTES: '15',
      }),
    );
    expect(onAws.write?.auth?.mode).toBe('apigateway');
    expect(onAws.write?.grounds).toEqual(['证据不足']);
    expect(onAws.workbench?.config).toEqual({ stage: 'prod', sessionSecret: 's'.repeat(40), idleMinutes: 15 });
    const local = runtimeOptionsFromConfig(loadConfig({}));
    expect(local.write?.auth?.mode).toBe('local');
    expect(local.write?.grounds).toBeUndefined();
    expect(DEFAULT_REVIEW_GROUNDS.length).toBeGreaterThan(0);
    expect(local.workbench?.config).toEqual({ stage: 'local' });
  });

  it('picks the draws beacon: drand through its relay inside Lambda, the labelled demo beacon locally', async () => {
    expect(loadConfig({}).beacon).toEqual({ kind: 'local-demo' });
    expect(loadConfig({ AWS_LAMBDA_FUNCTION_NAME: 'write' }).beacon).toEqual({
      kind: 'drand',
      relay: 'https://api.drand.sh',
    });
    expect(loadConfig({ GONGSHI_BEACON: 'drand', GONGSHI_DRAND_RELAY: 'https://drand.example.cn/' }).beacon).toEqual({
      kind: 'drand',
      relay: 'https://drand.example.cn',
    });
    expect(loadConfig({ AWS_LAMBDA_FUNCTION_NAME: 'w', GONGSHI_BEACON: 'local-demo' }).beacon.kind).toBe('local-demo');
    expect(() => loadConfig({ GONGSHI_BEACON: 'chainlink' })).toThrow(/GONGSHI_BEACON/);
    expect(() => loadConfig({ GONGSHI_DRAND_RELAY: 'http://api.drand.sh' })).toThrow(/GONGSHI_DRAND_RELAY/);

    // No network in tests: the relay is played by a recorded round.
    const recorded = JSON.parse(readFileSync('test/fixtures/drand/quicknet-rounds.json', 'utf8')) as {
      chain: string;
      rounds: Array<{ round: number; randomness: string; signature: string }>;
    };
    const asked: string[] = [];
    const relay = async (url: string) => {
      asked.push(url);
      return recorded.rounds.find((r) => url.endsWith(`/public/${r.round}`));
    };
    const drand = runtimeOptionsFromConfig(
      loadConfig({ GONGSHI_BEACON: 'drand', GONGSHI_DRAND_RELAY: 'https://drand.example.cn' }),
      undefined,
      relay,
    ).beacon!;
    expect(drand.chain).toBe(recorded.chain);
    expect(await drand.round(657413)).toMatchObject({ round: 657413, randomness: recorded.rounds[1]!.randomness });
    expect(await drand.round(99_999_999)).toBeUndefined();
    expect(asked[0]).toBe(`https://drand.example.cn/${recorded.chain}/public/657413`);

    const demo = runtimeOptionsFromConfig(loadConfig({}), () => new Date('2023-09-15T11:00:10Z')).beacon!;
    expect(demo.chain).toBe('local-demo');
    expect(await demo.round(657413)).toMatchObject({ chain: 'local-demo', round: 657413 });
    expect(await demo.round(657420)).toBeUndefined();
  });

  it('signs certificates with the configured KMS key (the ledger’s KMS signer); unset, with none', () => {
    const key = 'arn:aws-cn:kms:cn-north-1:1:key/certificates';
    const config = loadConfig({ AWS_LAMBDA_FUNCTION_NAME: 'write', CERTIFICATE_SIGNING_KEY_ID: key });
    expect(config.certificates).toEqual({ kmsKeyId: key });
    expect(runtimeOptionsFromConfig(config).certificateSigner).toBeInstanceOf(KmsSigner);
    expect(loadConfig({ CERTIFICATE_SIGNING_KEY_ID: ' ' }).certificates).toEqual({});
    expect(runtimeOptionsFromConfig(loadConfig({})).certificateSigner).toBeUndefined();
  });
});
