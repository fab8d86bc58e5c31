import { describe, expect, it } from 'vitest';
import { checkUscc, usccCheckCharacter } from '../shared/core/uscc.js';
import { regionPrefix, regionStatus } from '../shared/core/region.js';
import { entityKind, entityWarnings, findKind } from '../shared/core/kinds/index.js';
import { validateRecords } from '../shared/core/records.js';
import { mapHeaders } from '../shared/core/headers.js';
import { itemIdentity } from '../shared/core/identity.js';
import { normaliseText } from '../shared/core/text.js';
import { normaliseDocumentNumber } from '../shared/core/versions.js';
import { chinaDate, chinaDateTime, parseLooseDate } from '../shared/core/dates.js';
import { demoUscc } from '../shared/features/demo/generate.js';

const kind = (id: string) => findKind(id)!;

describe('统一社会信用代码 (GB 32100)', () => {
  it.each(['11210900155967021X', '112109001558878306', '91350100M000100Y43', '11100000000013127D'])(
    'accepts %s',
    (code) => {
      expect(checkUscc(code).valid).toBe(true);
    },
  );

  it('computes the check character with weights 3^(i-1) mod 31, a computed 31 meaning 0', () => {
    expect(usccCheckCharacter('11210900155967021')).toBe('X');
    // Every generated code carries a correct check character, including ones whose remainder is 0 (→ 31 → '0').
    const codes = Array.from({ length: 400 }, (_, i) => demoUscc('210900', i));
    expect(codes.every((c) => checkUscc(c).valid)).toBe(true);
    expect(codes.some((c) => c.endsWith('0'))).toBe(true);
  });

  it('rejects a wrong check character, a wrong length and letters outside the 31-character set', () => {
    expect(checkUscc('112109001558878300').errors).toEqual(['USCC_CHECK_CHARACTER']);
    expect(checkUscc('11210900155887830').errors).toEqual(['USCC_LENGTH']);
    expect(checkUscc('1121090015588783I6').errors).toEqual(['USCC_CHARACTERS']);
  });

  it('only warns on a failing embedded organisation code (GB 11714) or an unusual category', () => {
    // Valid GB 32100 check character over a body whose GB 11714 check is wrong.
    const body = '1121090015588783' + '1';
    const code = body + usccCheckCharacter(body);
    const result = checkUscc(code);
    expect(result.valid).toBe(true);
    expect(result.warnings).toContain('USCC_ORGANISATION_CODE_CHECK');
    const odd = 'B1210900155967021';
    expect(checkUscc(odd + usccCheckCharacter(odd)).warnings).toContain('USCC_UNUSUAL_CATEGORY');
  });
});

describe('行政区划代码 (GB/T 2260)', () => {
  it('knows current codes from the maintained dataset', () => {
    expect(regionStatus('210900')).toBe('current');
    expect(regionStatus('430981')).toBe('current');
    expect(regionStatus('210901')).toBe('current'); // 市辖区
  });
  it('accepts a well-formed code of a known province that is not current, with a warning', () => {
    expect(regionStatus('210999')).toBe('not-current');
    const warnings = entityWarnings({ uscc: '11210900155967021X', regionCode: '210999' });
    expect(warnings.map((w) => w.code)).toContain('REGION_CODE_NOT_CURRENT');
  });
  it('rejects codes of no province', () => {
    expect(regionStatus('999999')).toBe('invalid');
    expect(regionStatus('21090')).toBe('invalid');
  });
  it('turns a code into the prefix it stands for', () => {
    expect(regionPrefix('430000')).toBe('43');
    expect(regionPrefix('430900')).toBe('4309');
    expect(regionPrefix('430981')).toBe('430981');
  });
});

describe('records', () => {
  it('stores enumerations in one canonical form, whatever the script', () => {
    const { items, errors } = validateRecords(kind('inspection-items'), [
      {
        row: 2,
        values: { name: '對食品經營者的檢查', category: '重點', basis: '《食品安全法》', randomInspection: '是' },
      },
      {
        row: 3,
        values: { name: '对餐饮服务的检查', category: 'key', basis: '《食品安全法》', randomInspection: '否' },
      },
      { row: 4, values: { name: '对网络平台的检查', category: ' 一般 ', basis: '《食品安全法》' } },
    ]);
    expect(errors).toEqual([]);
    expect(items.map((i) => i.category)).toEqual(['重点', '重点', '一般']);
    expect(items.map((i) => i.randomInspection)).toEqual([true, false, undefined].map((v) => v));
    expect(items[0]!.name).toBe('對食品經營者的檢查'); // free text is stored as given
  });

  it('reports every failing row and column at once, with the value and a Chinese reason', () => {
    const long = '长'.repeat(200_000);
    const { items, errors } = validateRecords(kind('no-penalty'), [
      { row: 2, values: { code: 'A-1', violation: '', conditions: '初次违法', penaltyProvision: '《法》第一条' } },
      { row: 3, values: { code: 'A-2', violation: '未公示', conditions: long, penaltyProvision: '《法》第二条' } },
      { row: 4, values: { code: 'A-3', violation: '未公示', conditions: '初次违法' } },
      {
        row: 5,
        values: { code: 'A-1', violation: '未公示许可证', conditions: '初次违法', penaltyProvision: '《法》' },
      },
    ]);
    expect(items).toHaveLength(0);
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, '违法行为', 'REQUIRED'],
      [3, '适用条件', 'TOO_LONG'],
      [4, '违法依据', 'INVALID'],
      [5, '事项编码', 'DUPLICATE_CODE'],
    ]);
    expect(errors[1]!.value!.length).toBeLessThan(300);
    expect(errors[3]!.message).toContain('第2行');
    for (const e of errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('validates entities: credit code check, region table, nature in Traditional', () => {
    const { items, errors } = validateRecords(entityKind, [
      { row: 2, values: { name: '某局', uscc: '112109001558878300', regionCode: '210900' } },
      { row: 3, values: { name: '某局', uscc: '11210900155967021X', regionCode: '999999' } },
      {
        row: 4,
        values: { name: '某局', uscc: '11210900155967021x', regionCode: '210900', nature: '法律法規授權組織' },
      },
    ]);
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, '统一社会信用代码', 'USCC_CHECK_CHARACTER'],
      [3, '行政区划代码', 'REGION_CODE_UNKNOWN'],
    ]);
    expect(items[0]).toMatchObject({ uscc: '11210900155967021X', nature: '法律法规授权组织', status: 'active' });
  });

  it('maps Chinese, Traditional and English headers, and names missing required columns', () => {
    const m = mapHeaders(kind('no-penalty'), [
      '序號',
      '事項編碼',
      'violation',
      '違法依據',
      '处罚依据',
      '处理措施',
      '备注',
      '其他',
    ]);
    expect(m.fields).toEqual([
      'seq',
      'code',
      'violation',
      'violatedProvision',
      'penaltyProvision',
      'measures',
      'notes',
      undefined,
    ]);
    expect(m.unknown).toEqual(['其他']);
    expect(m.missing).toEqual([{ field: 'conditions', column: '适用条件' }]);
  });
});

describe('item identity across versions', () => {
  const np = kind('no-penalty');
  it('is the 事项编码 when given, case-insensitively', () => {
    expect(itemIdentity(np, { code: 'by-1', violation: 'x' })).toBe(itemIdentity(np, { code: 'BY-1', violation: 'y' }));
  });
  it('otherwise derives from the normalised identity fields, so script and spacing do not matter', () => {
    const a = itemIdentity(np, { violation: '未按規定公示', conditions: '初次違法' });
    const b = itemIdentity(np, { violation: '未按规定 公示', conditions: '初次违法' });
    const c = itemIdentity(np, { violation: '未按规定公示', conditions: '再次违法' });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/^key:[0-9a-f]{16}$/);
  });
});

describe('text, dates and 文号', () => {
  it('normalises to NFC, drops invisible characters and trims, keeping full-width punctuation', () => {
    expect(normaliseText('\uFEFF 责令改正，予以批评教育\u200B \r\n')).toBe('责令改正，予以批评教育');
    expect(normaliseText('e\u0301')).toBe('é');
  });
  it('uses China dates', () => {
    expect(chinaDate(new Date('2023-12-31T16:30:00Z'))).toBe('2024-01-01');
    expect(chinaDate(new Date('2023-12-31T15:59:59Z'))).toBe('2023-12-31');
    expect(parseLooseDate('2023年6月1日')).toBe('2023-06-01');
    expect(chinaDateTime('2023-12-31T16:30:00.000Z')).toBe('2024-01-01 00:30:00');
    expect(parseLooseDate('2023/2/30')).toBeUndefined();
  });
  it('normalises 文号 brackets to 〔〕', () => {
    expect(normaliseDocumentNumber('沅司发[2023]5号')).toBe('沅司发〔2023〕5号');
    expect(normaliseDocumentNumber('沅司发〔2023〕5号')).toBe('沅司发〔2023〕5号');
  });
});
