/** Request and response pieces shared by the authenticated routes. */
import { ILL_FORMED_MESSAGE, isWellFormedText } from '../../../core/text.js';
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { isValidIsoDate } from '../../../core/dates.js';
import { AppError } from '../../../core/errors.js';
import { ListNotesSchema, normaliseDocumentNumber } from '../../../core/versions.js';
import { draftEtag, DRAFT_STATUSES, type Draft } from '../drafts.js';
import { zodDetails } from '../../../platform/http/errors.js';
import { ErrorSchema } from '../../../platform/http/schemas.js';

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const err = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });

/** Error answers of authenticated routes. */
export const writeErrors = {
  400: err('malformed request'),
  401: err('no token, or a bad or expired one'),
  403: err('outside the caller’s role or scope (recorded in the audit trail)'),
  404: err('not found'),
  409: err('the state moved on (another version was published, the draft was reviewed)'),
  412: err('If-Match names a stale ETag'),
  413: err('body, file, rows or sheets over the limits'),
  422: err('content that cannot be accepted: every failing row and column'),
} as const;

export const security = [{ bearerAuth: [] as string[] }];

export const DraftIdParam = z
  .string()
  .regex(/^d[0-9a-z]{6,40}$/, '草稿编号格式不正确')
  .openapi({ param: { name: 'id', in: 'path' }, example: 'dlt1k2m3abcdef012345' });

export const DraftView = z
  .object({
    id: z.string(),
    unit: z.string(),
    stream: z.string().openapi({ description: 'list kind id, or `entity`' }),
    action: z.enum(['publish', 'repeal', 'entity']),
    status: z.enum(DRAFT_STATUSES),
    rev: z.number(),
    etag: z.string(),
    regionCode: z.string(),
    effectiveFrom: z.string(),
    documentNumber: z.string().optional(),
    note: z.string().optional(),
    listNotes: ListNotesSchema.optional(),
    itemCount: z.number(),
    contentHash: z.string(),
    baseVersion: z.number(),
    source: z.string(),
    revisionOf: z.string().optional(),
    createdBy: z.string(),
    createdAt: z.string(),
    submittedBy: z.string().optional(),
    submittedAt: z.string().optional(),
    review: z
      .object({
        by: z.string(),
        at: z.string(),
        decision: z.enum(['approve', 'reject']),
        grounds: z.array(z.string()),
        comment: z.string().optional(),
      })
      .optional(),
    publishedVersion: z.number().optional(),
    publishedAt: z.string().optional(),
    warnings: z.array(z.unknown()).optional(),
  })
  .openapi('Draft');

export function draftView(d: Draft) {
  const { pendingReview: _r, pendingVersion: _v, baseHash: _b, ...rest } = d;
  return { ...rest, etag: draftEtag(d) };
}

export const EffectiveFrom = z
  .string()
  .refine(isValidIsoDate, '日期应为 YYYY-MM-DD')
  .openapi({ example: '2024-07-01', description: 'China date from which the version governs' });

export const DraftFields = z.object({
  effectiveFrom: EffectiveFrom,
  documentNumber: z
    .string()
    .trim()
    .max(100)
    .refine(isWellFormedText, ILL_FORMED_MESSAGE)
    .optional()
    .transform((s) => (s ? normaliseDocumentNumber(s) : undefined))
    .openapi({ example: '阜环发〔2024〕12号' }),
  note: z.string().trim().max(2000).refine(isWellFormedText, ILL_FORMED_MESSAGE).optional(),
  revisionOf: z
    .string()
    .regex(/^d[0-9a-z]{6,40}$/, '草稿编号格式不正确')
    .optional()
    .openapi({ description: 'the rejected draft this one revises' }),
});
export type DraftFieldsT = z.infer<typeof DraftFields>;

export function parseFields(value: unknown): DraftFieldsT {
  const parsed = DraftFields.safeParse(value);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', '请求参数不符合要求', zodDetails(parsed.error));
  return parsed.data;
}

/** If-Match on a draft: `"<id>.<rev>"` → rev; another draft's tag is stale by definition. */
export function ifMatchRev(c: Context, id: string): number | undefined {
  const header = c.req.header('if-match');
  if (!header) return undefined;
  const m = /^(?:W\/)?"([^".]+)\.(\d+)"$/.exec(header.trim());
  if (!m || m[1] !== id)
    throw new AppError('PRECONDITION_FAILED', 'If-Match 与该草稿不符，请刷新后重试', { reason: 'STALE_ETAG' });
  return Number(m[2]);
}

export const DryRunQuery = z.object({
  dryRun: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => v === 'true' || v === '1')
    .openapi({ description: 'validate and diff only; store nothing' }),
});
