/**
 * Who may do what, as one pure function. Routes ask `authorize` before acting
 * and turn a refusal into 403 (which the audit trail records).
 *
 * Duties are kept apart on purpose (法制审核 is a check on the unit, not by it):
 * - editor: drafts and submits lists of the units in its token, and runs their random inspections (below);
 * - reviewer: approves or rejects drafts of units in its region prefix, never its own;
 * - auditor: reads drafts and the audit trail in its region prefix (or everywhere);
 * - admin: registers and changes entities (as drafts that a reviewer approves), reads drafts; assigns editors,
 *   reviewers and auditors within its own region prefix only.
 * - editor's random inspections: plans, draws and their results (the draw's commitment
 *   before its randomness, not a reviewer, is what keeps the unit from choosing whom it inspects).
 */
import type { Principal, Role } from './principal.js';

export type Action =
  /** Create a list draft or a repeal draft for a unit. */
  | 'list.draft'
  /** Submit a list draft for review. */
  | 'list.submit'
  /** Register or change an entity (PUT /v1/units/{uscc}). */
  | 'entity.draft'
  /** Submit an entity draft for review. */
  | 'entity.submit'
  /** Approve or reject a submitted draft. */
  | 'draft.review'
  /** See drafts (never public). */
  | 'draft.read'
  /** Read the audit trail. */
  | 'audit.read'
  /** Assign a user to a unit or region, or revoke that (target: the unit's or region's code). */
  | 'assignment.manage'
  /** Import a unit's random-inspection plans (抽查工作计划). */
  | 'inspection.plan'
  /** Commit a unit's draw, run it once its round exists, record its inspection results. */
  | 'inspection.draw';

export interface Target {
  unit?: string;
  /** Region code of the unit (or of the entity a draft registers). */
  regionCode?: string;
  /** Who created / submitted the draft: nobody reviews their own. */
  createdBy?: string;
  submittedBy?: string;
  /** The global audit stream (requests that name no unit). */
  global?: boolean;
}

export type Decision = { allowed: true; role: Role } | { allowed: false; reason: DenyReason; message: string };

export type DenyReason = 'ROLE' | 'UNIT_SCOPE' | 'REGION_SCOPE' | 'OWN_DRAFT';

const ALLOWED_ROLES: Record<Action, readonly Role[]> = {
  'list.draft': ['editor'],
  'list.submit': ['editor'],
  'entity.draft': ['admin'],
  'entity.submit': ['admin'],
  'draft.review': ['reviewer'],
  'draft.read': ['editor', 'reviewer', 'auditor', 'admin'],
  'audit.read': ['auditor'],
  'assignment.manage': ['admin'],
  'inspection.plan': ['editor'],
  'inspection.draw': ['editor'],
};

const ROLE_MESSAGE = '当前角色无权执行此操作';

/** True when the region code lies under the prefix ('' covers all; undefined covers none). */
export function inRegion(prefix: string | undefined, regionCode: string | undefined): boolean {
  if (prefix === undefined) return false;
  if (prefix === '') return true;
  return regionCode !== undefined && regionCode.startsWith(prefix);
}

function withinScope(p: Principal, role: Role, t: Target, action: Action): DenyReason | undefined {
  switch (role) {
    case 'admin':
      if (action !== 'assignment.manage') return undefined;
      return !t.global && inRegion(p.regionPrefix, t.regionCode) ? undefined : 'REGION_SCOPE';
    case 'editor':
      if (t.global) return 'UNIT_SCOPE';
      return t.unit !== undefined && p.units.includes(t.unit) ? undefined : 'UNIT_SCOPE';
    case 'reviewer':
    case 'auditor':
      if (t.global) return p.regionPrefix === '' ? undefined : 'REGION_SCOPE';
      return inRegion(p.regionPrefix, t.regionCode) ? undefined : 'REGION_SCOPE';
  }
}

const messages: Record<DenyReason, string> = {
  ROLE: ROLE_MESSAGE,
  UNIT_SCOPE: '无权操作该执法主体',
  REGION_SCOPE: '该执法主体不在您负责的行政区划内',
  OWN_DRAFT: '不得审核本人起草或提交的草稿',
};

export function authorize(p: Principal, action: Action, target: Target = {}): Decision {
  const candidates = ALLOWED_ROLES[action].filter((r) => p.roles.includes(r));
  if (candidates.length === 0) return { allowed: false, reason: 'ROLE', message: ROLE_MESSAGE };
  let reason: DenyReason = 'ROLE';
  for (const role of candidates) {
    const denied = withinScope(p, role, target, action);
    if (denied) {
      reason = denied;
      continue;
    }
    if (action === 'draft.review' && (target.createdBy === p.sub || target.submittedBy === p.sub)) {
      reason = 'OWN_DRAFT';
      continue;
    }
    return { allowed: true, role };
  }
  return { allowed: false, reason, message: messages[reason] };
}

/** The role shown in the audit trail when no decision was taken yet. */
export function primaryRole(p: Principal | undefined): string {
  return p ? p.roles.join(',') || 'none' : 'anonymous';
}
