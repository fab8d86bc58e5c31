/**
 * The last result of the scheduled check of each region (./scheduled.ts), for the auditor's page: one item per
 * region, overwritten by each run (pk VERIFY, sk R#<region code>), so the latest of every region under a prefix is
 * one Query. Only the first failures are kept: the full report is the verifier's own, which anyone can run.
 */
import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { z } from 'zod';
import { queryAll } from '../../platform/dynamodb/query.js';

/** How many failures a stored result names; the count is always whole. */
export const STORED_FAILURES = 5;

export const VerificationResultSchema = z.object({
  regionCode: z.string().regex(/^\d{6}$/),
  /** When the check ended (ISO, UTC). */
  checkedAt: z.iso.datetime(),
  ok: z.boolean(),
  failureCount: z.number().int().nonnegative(),
  failures: z.array(z.object({ check: z.string(), message: z.string(), unit: z.string().optional() })),
  units: z.number().int().nonnegative(),
  versions: z.number().int().nonnegative(),
  questions: z.number().int().nonnegative(),
  /** The size of the signed checkpoint the region was checked against (absent: none could be read). */
  logSize: z.number().int().nonnegative().optional(),
  ms: z.number().int().nonnegative(),
});
export type VerificationResult = z.infer<typeof VerificationResultSchema>;

const PK = 'VERIFY';
const sk = (regionCode: string) => `R#${regionCode}`;

export class VerificationResultsStore {
  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {}

  async put(result: VerificationResult): Promise<void> {
    const item = { pk: PK, sk: sk(result.regionCode), ...VerificationResultSchema.parse(result) };
    await this.client.send(
      new PutItemCommand({ TableName: this.tableName, Item: marshall(item, { removeUndefinedValues: true }) }),
    );
  }

  /** The last result of every region whose code starts with `regionPrefix` ('' for all), in region order. */
  async latest(regionPrefix = ''): Promise<VerificationResult[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: marshall({ ':pk': PK, ':sk': sk(regionPrefix) }),
    });
    return items.map((i) => {
      const { pk: _pk, sk: _sk, ...result } = unmarshall(i);
      return VerificationResultSchema.parse(result);
    });
  }
}
