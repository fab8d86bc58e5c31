/** A draw's record through its life, and the inspection results published with it. */
import { z } from 'zod';
import { canonicalJson } from '../../../core/canonical-json.js';
import { sha256Bytes, type Commitment } from './commitment.js';
import type { BeaconRound } from './beacon.js';

/**
 * committed: logged, its round not yet used. drawn: outcome logged, only its hash public.
 * published: inspections done, outcome and results public. refused: the round came but the
 * draw could not be made (directories changed, too few eligible); nothing was drawn.
 */
export type DrawState = 'committed' | 'drawn' | 'published' | 'refused';

export const inspectionResults = [
  '未发现问题',
  '发现问题已责令整改',
  '发现问题已整改',
  '立案查处',
  '移送有关部门处理',
  '未发现开展本次抽查涉及的经营活动',
  '通过登记的住所（经营场所）无法联系',
  '不配合检查',
] as const;

export const InspectionResultSchema = z.object({
  uscc: z.string().min(1),
  result: z.enum(inspectionResults, { error: `检查结果应为以下之一：${inspectionResults.join('、')}` }),
  inspectedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '检查日期应为 YYYY-MM-DD'),
  note: z.string().max(1000).optional(),
});
export type InspectionResult = z.infer<typeof InspectionResultSchema>;

export interface DrawRecord {
  drawId: string;
  unit: string;
  state: DrawState;
  commitment: Commitment;
  /** hex */
  commitmentHash: string;
  /** Set once the round is used. */
  beacon?: BeaconRound;
  outcomeHash?: string;
  /** Number of drawn targets (public once drawn; the targets themselves only once published). */
  drawnCount?: number;
  outcomeChunks?: number;
  inspectorChunks: number;
  results: InspectionResult[];
  /** 检查结果 must be published by this China date (20 working days after the task period ends). */
  resultsDue: string;
  publishedAt?: string;
  refusal?: { reason: string; message: string };
  replacedBy?: string;
  /** hex, 32 bytes: the salt of a v2 commitment; kept secret (not in the public view) until the draw is published. */
  salt?: string;
  /** Bumped by every state change; updates are conditional on it. */
  revision: number;
}

export const resultsHash = (results: readonly InspectionResult[]): string =>
  sha256Bytes(canonicalJson([...results].sort((a, b) => (a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0)))).toString(
    'hex',
  );
