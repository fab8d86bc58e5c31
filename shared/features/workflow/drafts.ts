/**
 * Drafts (草稿): proposed versions of a list or an entity record that a legal
 * reviewer (法制审核) approves before publication. Pure domain: states, the
 * allowed transitions, review grounds. Storage lives in shared/features/workflow/drafts-store.ts.
 *
 *   draft ──submit──▶ submitted ──approve──▶ approved (published as version n+1)
 *                          └────reject───▶ rejected (revise as a new draft with revisionOf)
 */
import { z } from 'zod';
import { AppError, conflict } from '../../core/errors.js';
import type { ListNotes } from '../../core/versions.js';

export const DRAFT_STATUSES = ['draft', 'submitted', 'approved', 'rejected'] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

/** What approval does: publish the items, repeal the list, or publish the entity record. */
export type DraftAction = 'publish' | 'repeal' | 'entity';

export interface DraftReview {
  by: string;
  at: string;
  decision: 'approve' | 'reject';
  grounds: string[];
  comment?: string;
}

export interface Draft {
  id: string;
  unit: string;
  /** List kind id, or `entity`. */
  stream: string;
  action: DraftAction;
  status: DraftStatus;
  /** Bumped on every change; the ETag is `<id>.<rev>`. */
  rev: number;
  /** Region code of the unit (or of the entity being registered): reviewers' scope. */
  regionCode: string;
  effectiveFrom: string;
  documentNumber?: string;
  note?: string;
  /** The uploaded file's title, preface and foot notes, published with the version. */
  listNotes?: ListNotes;
  itemCount: number;
  contentHash: string;
  /** Head version the draft was made against; approval publishes only on top of it. */
  baseVersion: number;
  baseHash: string | null;
  /** Where the content came from: a file name, `json`, `repeal`. */
  source: string;
  /** The rejected draft this one revises. */
  revisionOf?: string;
  createdBy: string;
  createdAt: string;
  submittedBy?: string;
  submittedAt?: string;
  review?: DraftReview;
  /**
   * Recorded before publishing, so a crash between publishing and marking the
   * draft approved can be healed: if the head holds this version from this draft,
   * the draft is approved.
   */
  pendingVersion?: number;
  /** The review that approval is carrying out, kept with pendingVersion for healing. */
  pendingReview?: DraftReview;
  publishedVersion?: number;
  publishedAt?: string;
  /** Findings that did not block the draft (unknown columns, retired region codes). */
  warnings?: unknown[];
}

export const draftEtag = (d: Pick<Draft, 'id' | 'rev'>) => `"${d.id}.${d.rev}"`;

/** The source recorded on a published version, which is how a retry recognises its own publication. */
export const draftSource = (id: string) => `draft:${id}`;

/** The six grounds used in practice (行政执法法制审核); GONGSHI_REVIEW_GROUNDS (comma-separated) replaces them. */
export const DEFAULT_REVIEW_GROUNDS = [
  '超越职权',
  '事实不清',
  '证据不足',
  '适用法律不正确',
  '程序不合法',
  '处罚不适当',
] as const;

export const ReviewInputSchema = z.object({
  decision: z.enum(['approve', 'reject']),
  grounds: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
  comment: z.string().trim().max(4000).optional(),
});
export type ReviewInput = z.infer<typeof ReviewInputSchema>;

/** Grounds must come from the configured set; a rejection needs at least one. */
export function checkReview(input: ReviewInput, allowedGrounds: readonly string[]): void {
  const unknown = input.grounds.filter((g) => !allowedGrounds.includes(g));
  if (unknown.length)
    throw new AppError('UNPROCESSABLE', `审核理由不在允许范围内：${unknown.join('、')}`, {
      reason: 'UNKNOWN_GROUNDS',
      unknown,
      allowed: allowedGrounds,
    });
  if (input.decision === 'reject' && input.grounds.length === 0) {
    throw new AppError('UNPROCESSABLE', '退回草稿须至少选择一项审核理由', {
      reason: 'GROUNDS_REQUIRED',
      allowed: allowedGrounds,
    });
  }
}

export function requireStatus(d: Draft, expected: DraftStatus, action: string): void {
  if (d.status !== expected) {
    throw conflict(`草稿当前状态为“${statusLabel[d.status]}”，不能${action}`, {
      reason: 'WRONG_STATUS',
      status: d.status,
      expected,
    });
  }
}

export const statusLabel: Record<DraftStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  approved: '已通过并发布',
  rejected: '已退回',
};

/** Time-ordered, unguessable draft ids. */
export function newDraftId(now: Date, random: string): string {
  return `d${now.getTime().toString(36)}${random}`;
}
