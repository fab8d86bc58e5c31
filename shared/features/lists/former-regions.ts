/**
 * Former-region markers: when a unit's entity record moves it to another region, a marker is kept under the unit
 * for the region it left, indexed in gsi2 beside that region's heads. A read of the old region for a date the unit
 * still belonged there (行政处罚法 第37条: what applied then) finds the unit through it; the entity version in force
 * on that date says whether it was there. Markers are never removed: membership history is part of the record.
 * This module is the only writer of the marker item.
 */
import { PutItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { listKeys } from './keys.js';

export interface FormerRegion {
  uscc: string;
  /** The region the unit left. */
  regionCode: string;
}

/** Records that `uscc` was in `regionCode` before moving to `movedTo` at `movedAt` (idempotent: a Put). */
export async function recordFormerRegion(
  client: DynamoDBClient,
  tableName: string,
  move: FormerRegion & { movedTo: string; movedAt: string },
): Promise<void> {
  await client.send(
    new PutItemCommand({
      TableName: tableName,
      Item: marshall({
        pk: listKeys.unit(move.uscc),
        sk: listKeys.formerRegion(move.regionCode),
        gsi2pk: listKeys.headsIndex.pk,
        gsi2sk: listKeys.headsIndex.sk(move.regionCode, move.uscc, listKeys.formerRegionStream),
        uscc: move.uscc,
        stream: listKeys.formerRegionStream,
        regionCode: move.regionCode,
        movedTo: move.movedTo,
        movedAt: move.movedAt,
      }),
    }),
  );
}

/** The marker a gsi2 row is, or undefined for a stream head. */
export function formerRegionOf(raw: Record<string, AttributeValue>): FormerRegion | undefined {
  if (raw.stream?.S !== listKeys.formerRegionStream) return undefined;
  const [regionCode, uscc] = (raw.gsi2sk?.S ?? '').split('#');
  return { uscc: raw.uscc?.S ?? uscc ?? '', regionCode: raw.regionCode?.S ?? regionCode ?? '' };
}
