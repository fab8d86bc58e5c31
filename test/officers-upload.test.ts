/**
 * Certificate numbers another unit lists are row errors at upload and dry run (row and column, beside the file's
 * own errors), not only a refusal at publication; nothing is stored. A number that begins with another province's
 * code is a warning.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, fileForm, type Harness } from './fixtures/workflow/harness.js';
import { UNIT_A, UNIT_B } from './support/fixtures.js';

let h: Harness;
let editor: string;

const officer = (n: number) => ({
  name: `王${n}`,
  certificateNumber: `210900B${String(n).padStart(6, '0')}`,
  certificateType: '行政执法证',
  category: '生态环境',
  issuedOn: '2022-03-01',
  validUntil: '2027-02-28',
  status: '有效',
});

const HEADER = '序号,姓名,执法证号,证件类型,执法类别,发证日期,有效期至,状态';
const row = (seq: number, n: number) =>
  `${seq},李${n},210900B${String(n).padStart(6, '0')},行政执法证,生态环境,2023-01-05,2028-01-04,有效`;
/** Rows 3 and 6 (after an empty row) name numbers UNIT_B lists; row 4 repeats row 2's number (in the file). */
const CSV = [HEADER, row(1, 101), row(2, 2), row(3, 101), '', row(4, 3), row(5, 102)].join('\n');

const draftsPath = (dryRun: boolean) => `/v1/units/${UNIT_A}/lists/officers/drafts${dryRun ? '?dryRun=true' : ''}`;
const upload = (dryRun: boolean) =>
  h.call('POST', draftsPath(dryRun), {
    token: editor,
    form: fileForm(CSV, '执法人员.csv', { effectiveFrom: '2024-04-01' }),
  });
const codes = (errors: Array<{ row?: number; column?: string; code: string }>) =>
  errors.map((e) => `${e.row}:${e.column}:${e.code}`);

beforeAll(async () => {
  h = await createHarness();
  editor = await h.token('editor', { sub: 'li.editor', units: [UNIT_A] });
  await h.registry.publish({
    uscc: UNIT_B,
    stream: 'officers',
    status: 'published',
    items: [officer(1), officer(2), officer(3)],
    effectiveFrom: '2024-01-01',
    publishedBy: 'seed',
    source: 'seed',
  });
  await h.officers.settled();
});

describe('certificate numbers held by another unit', () => {
  it('are row errors of the dry run, with row and column, beside the file’s own errors', async () => {
    const res = await upload(true);
    expect(res.status, res.text).toBe(200);
    const [list] = res.body.lists;
    expect(list.valid).toBe(false);
    expect(codes(list.errors)).toEqual([
      '3:执法证号:CERTIFICATE_NUMBER_TAKEN',
      '4:执法证号:DUPLICATE_ITEM',
      '6:执法证号:CERTIFICATE_NUMBER_TAKEN',
    ]);
    const taken = list.errors.find((e: { code: string }) => e.code === 'CERTIFICATE_NUMBER_TAKEN');
    expect(taken).toMatchObject({ file: '执法人员.csv', field: 'certificateNumber', value: '210900B000002' });
    expect(taken.message).toContain('执法人员名单');
  });

  it('refuse the upload with the same row errors, and no draft is stored', async () => {
    const res = await upload(false);
    expect(res.status, res.text).toBe(422);
    expect(codes(res.body.error.details.errors)).toEqual([
      '3:执法证号:CERTIFICATE_NUMBER_TAKEN',
      '4:执法证号:DUPLICATE_ITEM',
      '6:执法证号:CERTIFICATE_NUMBER_TAKEN',
    ]);
    const drafts = await h.call('GET', `/v1/units/${UNIT_A}/drafts`, { token: editor });
    expect(JSON.stringify(drafts.body)).not.toContain('officers');
  });

  it('in JSON items, name the item’s row the same way', async () => {
    const res = await h.call('POST', draftsPath(true), {
      token: editor,
      json: { items: [officer(201), officer(3)], effectiveFrom: '2024-04-01' },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.lists[0].errors).toEqual([
      expect.objectContaining({ code: 'CERTIFICATE_NUMBER_TAKEN', field: 'certificateNumber', value: '210900B000003' }),
    ]);
  });

  it('do not concern the unit that lists them (its own new version)', async () => {
    const owner = await h.token('editor', { sub: 'wang.editor', units: [UNIT_B] });
    const res = await h.call('POST', `/v1/units/${UNIT_B}/lists/officers/drafts?dryRun=true`, {
      token: owner,
      json: { items: [officer(1), officer(2), officer(3), officer(4)], effectiveFrom: '2024-04-01' },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.lists[0]).toMatchObject({ valid: true, errors: [] });
  });

  it('a number with another province’s code is a warning, not an error; an unknown format is not judged', async () => {
    const res = await h.call('POST', draftsPath(true), {
      token: editor,
      json: {
        items: [
          officer(301),
          { ...officer(302), certificateNumber: '330681Z000009' },
          { ...officer(303), certificateNumber: 'ZJ-0001' },
        ],
        effectiveFrom: '2024-04-01',
      },
    });
    expect(res.status, res.text).toBe(200);
    const [list] = res.body.lists;
    expect(list).toMatchObject({ valid: true, errors: [] });
    expect(list.warnings).toEqual([
      expect.objectContaining({ code: 'CERTIFICATE_NUMBER_PROVINCE', column: '执法证号', value: '330681Z000009' }),
    ]);
    expect(list.warnings[0].message).toContain('浙江');
  });
});
