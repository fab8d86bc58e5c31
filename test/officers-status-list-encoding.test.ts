/**
 * The status list's fast encoding: entries encoded one by one and spliced into the list as UTF-8 runs give exactly
 * the RFC 8785 text the generic canonicaliser gives for the whole list, so the signed bytes (and every verifier)
 * are unchanged.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../shared/core/canonical-json.js';
import { Ed25519Signer } from '../shared/features/ledger/model/signer.js';
import {
  encodeStatusListEntry,
  keyId,
  signStatusList,
  verifyEnvelope,
  STATUS_LIST_PREFIX,
  type StatusListBody,
  type StatusListEntry,
} from '../shared/features/officers/credential.js';

const entries: StatusListEntry[] = [
  { no: '33068120240001', s: '有效', e: '2029-01-01' },
  { no: '33068120240002', s: '注销', e: '2029-01-01', d: '2024-05-01', why: '调离执法岗位' },
  { no: 'ZJ"quoted"\\back', s: '暂扣', e: '2026-12-31', d: '2024-06-30', why: 'tab\tnew\nline\u0001 </script>' },
  { no: '33-emoji', s: '过期', e: '2020-01-01', why: '违纪 😀 pair' },
  { no: '', s: '有效', e: '', d: '' },
];

describe('status list encoding', () => {
  it('encodes each entry exactly as the generic RFC 8785 canonicaliser does', () => {
    for (const entry of entries) expect(encodeStatusListEntry(entry)).toBe(canonicalJson(entry));
  });

  it('refuses a lone surrogate, as the canonicaliser does', () => {
    expect(() => encodeStatusListEntry({ no: 'x\uD800', s: '有效', e: '2029-01-01' })).toThrow();
  });

  it('signs entries spliced as UTF-8 runs: the payload is the canonicaliser text for the whole list', async () => {
    const signer = Ed25519Signer.generate('gongshi.test');
    const header = {
      region: '3306',
      date: '2024-11-20',
      issuedAt: '2024-11-20T02:00:00.000Z',
      nextUpdate: '2024-11-21T02:00:00.000Z',
      dataAsOf: '2024-11-19T08:00:00.000Z',
    };
    const texts = entries.map(encodeStatusListEntry);
    // Two regions' runs and an empty one, as a prefix's list is built.
    const runs = [texts.slice(0, 2), [], texts.slice(2)].map((t) => Buffer.from(t.join(',')));
    const { signed, payload } = await signStatusList(header, { count: entries.length, runs }, signer);
    const body = { ...header, kid: keyId(await signer.publicKey()), count: entries.length, certificates: entries };
    expect(payload.toString('utf8')).toBe(canonicalJson(body));
    const verified = verifyEnvelope<StatusListBody>(signed, STATUS_LIST_PREFIX, await signer.publicKey());
    expect(verified).toEqual({ ok: true, payload: JSON.parse(canonicalJson(body)) });
    const empty = await signStatusList({ ...header, region: '33' }, { count: 0, runs: [] }, signer);
    expect(empty.payload.toString('utf8')).toBe(
      canonicalJson({ ...header, region: '33', kid: body.kid, count: 0, certificates: [] }),
    );
  });
});
