/**
 * Stored status lists are packed (the payload's JSON gzipped, beside the envelope prefix and signature) and come
 * back byte for byte, so the served text and its signature are unchanged; a list stored as plain text before
 * packing still reads; a newer list replaces an older one and its parts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { StatusListStore } from '../shared/features/officers/status-list-store.js';
import { officerKeys } from '../shared/features/officers/keys.js';
import { createTestRuntime, type TestRuntime } from './support/engine.js';

/** A signed-looking text: GSS2.<base64url of JSON>.<signature>, with `entries` entries of varied text. */
function signedText(entries: number, tag: string): string {
  const certificates = Array.from({ length: entries }, (_, i) => ({
    e: '2029-01-01',
    no: `33068120${String(i).padStart(6, '0')}`,
    s: i % 25 ? '有效' : '注销',
    ...(i % 25 ? {} : { d: '2024-05-01', why: `调离执法岗位 ${tag}` }),
  }));
  const payload = Buffer.from(JSON.stringify({ certificates, region: '330681', tag })).toString('base64url');
  return `GSS2.${payload}.${Buffer.from(`signature ${tag}`).toString('base64url')}`;
}

let rt: TestRuntime;
let store: StatusListStore;

beforeAll(async () => {
  rt = await createTestRuntime();
  store = new StatusListStore(rt.client, rt.tableName);
});

describe('stored status lists', () => {
  it('stores a large list packed and reads it back byte for byte', async () => {
    const signed = signedText(40_000, 'a');
    expect(signed.length).toBeGreaterThan(2_000_000);
    const list = { regionPrefix: '33', date: '2024-11-20', issuedAt: '2024-11-20T02:00:00.000Z', count: 40_000 };
    rt.requests.reset();
    expect(await store.put({ ...list, signed })).toBe(true);
    const writes = rt.requests.snapshot();
    // 2 MB of text would be 11 parts (10 BatchWriteItem rows); packed, it fits in the item and at most one part.
    expect(writes.PutItemCommand).toBe(1);
    expect(writes.BatchWriteItemCommand ?? 0).toBeLessThanOrEqual(1);
    rt.requests.reset();
    expect(await store.get('33')).toEqual({ ...list, signed });
    expect(rt.requests.snapshot().GetItemCommand).toBe(1);
  });

  it('replaces a list by a newer one, and a small list needs no parts', async () => {
    const newer = signedText(10, 'b');
    const list = { regionPrefix: '33', date: '2024-11-21', issuedAt: '2024-11-21T02:00:00.000Z', count: 10 };
    expect(await store.put({ ...list, signed: newer })).toBe(true);
    expect((await store.get('33'))?.signed).toBe(newer);
    expect(await store.put({ ...list, issuedAt: '2024-11-20T03:00:00.000Z', signed: signedText(3, 'old') })).toBe(
      false,
    );
    expect((await store.get('33'))?.signed).toBe(newer);
  });

  it('still reads a list stored as plain text parts before packing', async () => {
    const signed = signedText(5_000, 'plain');
    const issuedAt = '2024-11-19T02:00:00.000Z';
    const pk = officerKeys.statusList('3306');
    const first = signed.slice(0, 200_000);
    const rest = signed.slice(200_000);
    await rt.client.send(
      new PutItemCommand({
        TableName: rt.tableName,
        Item: marshall({ pk, sk: officerKeys.statusListPart(issuedAt, 1), text: rest }),
      }),
    );
    await rt.client.send(
      new PutItemCommand({
        TableName: rt.tableName,
        Item: marshall({
          pk,
          sk: officerKeys.meta,
          date: '2024-11-19',
          issuedAt,
          count: 5_000,
          parts: 2,
          part0: first,
        }),
      }),
    );
    expect(signed.length).toBeGreaterThan(200_000);
    expect(await store.get('3306')).toEqual({
      regionPrefix: '3306',
      date: '2024-11-19',
      issuedAt,
      count: 5_000,
      signed,
    });
  });

  it('stores a text that is not a canonical envelope as plain text, unchanged', async () => {
    const odd = 'GSS2.not base64!.sig';
    const list = { regionPrefix: '330681', date: '2024-11-20', issuedAt: '2024-11-20T02:00:00.000Z', count: 0 };
    await store.put({ ...list, signed: odd });
    expect((await store.get('330681'))?.signed).toBe(odd);
  });
});
