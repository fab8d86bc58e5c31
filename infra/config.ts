/**
 * Stage and account specifics, read from CDK context (`-c stage=prod -c portalOrigin=https://…`), never
 * from code edits. Every value is validated here so a typo fails the synth, not the deployment.
 */
import type { Node } from 'constructs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { z } from 'zod';

const retentionValues = new Set<number>(Object.values(RetentionDays).filter((v): v is number => typeof v === 'number'));

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const StageConfigSchema = z.object({
  /** Names resources and stack: gongshi-<stage>. */
  stage: z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, 'stage: lowercase letters, digits and dashes'),
  /**
   * The transparency log's origin (C2SP: a schema-less URL, e.g. registry.example.gov.cn/log). It is in
   * every leaf and checkpoint and names the signing key: choose it before the first deployment, never change it.
   */
  logOrigin: z.string().regex(/^[^\s+]{1,200}$/, 'logOrigin: no spaces or "+"'),
  /** Browser origin of the portal when it is served from another origin than the API (enables CORS). */
  portalOrigin: z.url({ protocol: /^https?$/ }).optional(),
  /** Browser origin the workbench is served from (its sign-in callbacks); default: the API's own URL. */
  workbenchOrigin: z.url({ protocol: /^https$/ }).optional(),
  /** Email subscribed to the alarm topic (optional; subscribe anything else to the topic's ARN output). */
  alarmEmail: z.email().optional(),
  /** Days kept in each function's and the API's log group. */
  logRetentionDays: int(1, 3653).refine(
    (d) => retentionValues.has(d),
    'logRetentionDays: a CloudWatch Logs retention value (30, 90, 365, …)',
  ),
  /** Stage-wide HTTP API throttling: steady requests per second and burst. */
  throttleRate: int(1, 100_000),
  throttleBurst: int(1, 100_000),
  /** Reserved concurrency per function: a backstop against runaway cost and a fair share of the account's limit. */
  publicConcurrency: int(1, 10_000),
  writeConcurrency: int(1, 1_000),
  /** The export function's: each instance streams one region export for up to five minutes. */
  exportConcurrency: int(1, 1_000),
  /** Alarm when more than this share of requests over five minutes end in 5xx. */
  max5xxPercent: z.coerce.number().min(0.01).max(100),
  /** Alarm when a published version has waited longer than this to enter the transparency log. */
  ledgerMaxDelaySeconds: int(60, 86_400),
});

export type StageConfig = z.infer<typeof StageConfigSchema>;

/** Defaults per stage; anything can be overridden with -c key=value. */
export function stageDefaults(
  stage: string,
): Omit<StageConfig, 'stage' | 'portalOrigin' | 'alarmEmail' | 'workbenchOrigin'> {
  const prod = stage === 'prod';
  return {
    logOrigin: `gongshi-${stage}/log`,
    logRetentionDays: prod ? 365 : 30,
    throttleRate: prod ? 200 : 50,
    throttleBurst: prod ? 400 : 100,
    publicConcurrency: prod ? 100 : 10,
    writeConcurrency: prod ? 20 : 5,
    exportConcurrency: prod ? 10 : 2,
    max5xxPercent: 1,
    // The stated bound on AWS (docs/transparency-log.md): 60 s schedule plus one run of at most 15 s (a crashed run's
    // 30 s lease adds to that once), rounded up.
    ledgerMaxDelaySeconds: 120,
  };
}

const KEYS = ['portalOrigin', 'workbenchOrigin', 'alarmEmail', ...Object.keys(stageDefaults('dev'))] as const;

export function stageConfigFromContext(node: Node): StageConfig {
  const stage = String(node.tryGetContext('stage') ?? 'dev');
  const raw: Record<string, unknown> = { stage, ...stageDefaults(stage) };
  for (const key of KEYS) {
    const value = node.tryGetContext(key);
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = StageConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `invalid CDK context: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}
