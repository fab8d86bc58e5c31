/**
 * The inspection-targets directory (检查对象名录库): the market entities and other
 * organisations a unit may draw for 双随机 inspections. Versioned and imported like
 * every list; a county's directory holds tens of thousands of entries.
 */
import { z } from 'zod';
import { optionalText, requiredText } from '../fields.js';
import { regionStatus } from '../region.js';
import { checkUscc, usccMessages } from '../uscc.js';
import type { RecordKind } from './index.js';
import { lazySchema } from './lazy-schema.js';

const code = (v: unknown) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim().toUpperCase() : v);

const usccField = z.preprocess(
  code,
  z
    .string({ error: '必填项不能为空' })
    .min(1, '必填项不能为空')
    .superRefine((uscc, ctx) => {
      for (const c of checkUscc(uscc).errors)
        ctx.addIssue({ code: 'custom', message: usccMessages[c] ?? c, params: { code: c } });
    }),
);

const regionField = z.preprocess(
  code,
  z
    .string({ error: '必填项不能为空' })
    .min(1, '必填项不能为空')
    .superRefine((region, ctx) => {
      if (regionStatus(region) === 'invalid')
        ctx.addIssue({
          code: 'custom',
          message: '行政区划代码不在 GB/T 2260 代码表中',
          params: { code: 'REGION_CODE_UNKNOWN' },
        });
    }),
);

// Field-level checks, so a row with several faults reports all of them at once.
const targetSchema = lazySchema(
  () =>
    z.object({
      name: requiredText(200),
      uscc: usccField,
      targetType: optionalText(50),
      regionCode: regionField,
      industry: optionalText(100),
      riskLevel: optionalText(50),
    }) as unknown as z.ZodType<Record<string, unknown>>,
);

export const inspectionTargets: RecordKind = {
  id: 'inspection-targets',
  label: '检查对象名录库',
  shortLabel: '检查对象',
  english: 'Inspection targets directory',
  group: 'directory',
  summaryWord: 'inspection targets',
  sheetAliases: ['检查对象名录', '抽查对象名录库', '检查对象名录库清单', '市场主体名录'],
  get schema() {
    return targetSchema();
  },
  columns: [
    { key: 'name', column: '名称', aliases: ['检查对象名称', '企业名称', '主体名称', '对象名称'], help: '必填' },
    {
      key: 'uscc',
      column: '统一社会信用代码',
      aliases: ['信用代码', '社会信用代码', '统一代码'],
      help: '必填：18位，GB 32100 校验；名录内唯一',
    },
    { key: 'targetType', column: '类型', aliases: ['对象类型', '主体类型', '企业类型'], help: '如 企业、个体工商户' },
    { key: 'regionCode', column: '行政区划', aliases: ['行政区划代码', '区划代码'], help: '必填：GB/T 2260 六位代码' },
    { key: 'industry', column: '行业', aliases: ['领域', '行业领域', '行业/领域', '所属行业'], help: '' },
    {
      key: 'riskLevel',
      column: '风险等级',
      aliases: ['信用等级', '信用风险等级', '风险分类'],
      help: '单位分级时填写，如 A、B、C、D 或 低、中、高',
    },
  ],
  identityFields: ['uscc'],
  // Enterprises are not published lists of the unit's powers: search leaves them out.
  searchFields: {},
};
