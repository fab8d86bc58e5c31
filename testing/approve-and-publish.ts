/**
 * For the benchmark (`npm run bench`): an end-to-end approve-and-publish of an
 * N-item draft through the workflow (create → submit → approve → published),
 * without HTTP or tokens. Count DynamoDB requests with the bench's own
 * RequestCounter on the runtime's client around this call.
 */
import type { Principal } from '../shared/features/auth/principal.js';
import type { WriteDeps } from '../shared/features/workflow/http/index.js';
import type { AuditNote } from '../shared/features/workflow/audit-note.js';

export interface ApproveAndPublishResult {
  draftId: string;
  version: number;
  itemCount: number;
  ms: { create: number; submit: number; approve: number; total: number };
}

/** The unit must be registered (an entity version published); items must be valid for the kind. */
export async function approveAndPublish(
  write: Pick<WriteDeps, 'workflow'>,
  input: {
    unit: string;
    kind: string;
    items: Array<Record<string, unknown>>;
    effectiveFrom?: string;
    regionCode?: string;
  },
): Promise<ApproveAndPublishResult> {
  const editor: Principal = { sub: 'bench-editor', roles: ['editor'], units: [input.unit] };
  const reviewer: Principal = { sub: 'bench-reviewer', roles: ['reviewer'], units: [], regionPrefix: '' };
  const note: AuditNote = {};
  const t0 = performance.now();
  const draft = await write.workflow.createDraft(
    editor,
    {
      unit: input.unit,
      stream: input.kind,
      action: 'publish',
      items: input.items,
      effectiveFrom: input.effectiveFrom ?? '2024-01-01',
      source: 'bench',
    },
    note,
  );
  const t1 = performance.now();
  await write.workflow.submit(editor, draft.id, undefined, note);
  const t2 = performance.now();
  const approved = await write.workflow.review(
    reviewer,
    draft.id,
    { decision: 'approve', grounds: [] },
    undefined,
    note,
  );
  const t3 = performance.now();
  return {
    draftId: draft.id,
    version: approved.publishedVersion!,
    itemCount: draft.itemCount,
    ms: { create: t1 - t0, submit: t2 - t1, approve: t3 - t2, total: t3 - t0 },
  };
}
