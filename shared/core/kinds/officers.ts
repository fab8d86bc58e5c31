/**
 * 执法人员名单: the officers of a unit who hold an enforcement certificate (行政执法证) or a supervision
 * certificate (行政执法监督证). No 身份证号 and no photo: only what the certificate itself publishes.
 * An item is identified by its certificate number, so a renewal with a new 有效期至 is a change of the
 * same item and a new number is a new item.
 */
import { z } from 'zod';
import { enumeration, LIMITS, optionalText, requiredText, seq } from '../fields.js';
import { parseLooseDate } from '../dates.js';
import type { RecordKind } from './index.js';
import { lazySchema } from './lazy-schema.js';

export const certificateTypes = ['行政执法证', '行政执法监督证'] as const;
export const certificateStatuses = ['有效', '暂扣', '注销', '过期'] as const;

/** 执法证号 as printed: letters, digits and hyphens, stored upper-case without spaces. */
export const CERTIFICATE_NUMBER = /^[0-9A-Z][0-9A-Z-]{3,31}$/;

export function normaliseCertificateNumber(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/[\s\u200B-\u200D\u2060\uFEFF]/g, '')
    .toUpperCase();
}

const certificateNumber = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? normaliseCertificateNumber(v) || undefined : v),
  z
    .string({ error: (i) => (i.input === undefined ? '必填项不能为空' : '应为文本') })
    .regex(CERTIFICATE_NUMBER, '执法证号应为4至32位字母、数字或连字符'),
);

/** A China date in any of the spreadsheet forms (2023-06-01, 2023/6/1, 2023年6月1日), stored as YYYY-MM-DD. */
function chinaDateField(required: boolean) {
  const base = z
    .string({ error: (i) => (i.input === undefined ? '必填项不能为空' : '日期格式应为 YYYY-MM-DD') })
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD，如 2024-06-01');
  return z.preprocess(
    (v) => {
      if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'invalid' : v.toISOString().slice(0, 10);
      if (typeof v !== 'string') return v;
      const t = v.trim();
      if (t === '') return undefined;
      return parseLooseDate(t) ?? t;
    },
    required ? base : base.optional(),
  );
}

const officerSchema = lazySchema(
  () =>
    z
      .object({
        seq,
        name: requiredText(50),
        certificateNumber,
        certificateType: enumeration(
          certificateTypes,
          { 执法证: '行政执法证', 执法证件: '行政执法证', 监督证: '行政执法监督证', 执法监督证: '行政执法监督证' },
          { required: true },
        ),
        category: requiredText(100),
        area: optionalText(200),
        issuer: optionalText(200),
        issuedOn: chinaDateField(true),
        validUntil: chinaDateField(true),
        status: enumeration(
          certificateStatuses,
          { 正常: '有效', 在用: '有效', 已暂扣: '暂扣', 已注销: '注销', 已过期: '过期', 失效: '过期' },
          { required: true },
        ),
        cancelledOn: chinaDateField(false),
        cancelReason: optionalText(LIMITS.shortText),
        notes: optionalText(LIMITS.longText),
      })
      .superRefine((o, ctx) => {
        if (o.validUntil && o.issuedOn && o.validUntil < o.issuedOn) {
          ctx.addIssue({
            code: 'custom',
            path: ['validUntil'],
            message: `有效期至（${o.validUntil}）早于发证日期（${o.issuedOn}）`,
            params: { code: 'VALIDITY_BEFORE_ISSUE' },
          });
        }
        if (o.status === '注销' || o.status === '暂扣') {
          if (!o.cancelledOn)
            ctx.addIssue({
              code: 'custom',
              path: ['cancelledOn'],
              message: `状态为${o.status}时必须填写注销（暂扣）日期`,
              params: { code: 'CANCELLATION_DATE_REQUIRED' },
            });
          if (!o.cancelReason)
            ctx.addIssue({
              code: 'custom',
              path: ['cancelReason'],
              message: `状态为${o.status}时必须填写注销（暂扣）原因`,
              params: { code: 'CANCELLATION_REASON_REQUIRED' },
            });
        }
        if (o.cancelledOn && o.issuedOn && o.cancelledOn < o.issuedOn) {
          ctx.addIssue({
            code: 'custom',
            path: ['cancelledOn'],
            message: `注销日期（${o.cancelledOn}）早于发证日期（${o.issuedOn}）`,
            params: { code: 'CANCELLED_BEFORE_ISSUE' },
          });
        }
      }) as unknown as z.ZodType<Record<string, unknown>>,
);

export const officersKind: RecordKind = {
  id: 'officers',
  label: '执法人员名单',
  shortLabel: '执法人员',
  english: 'Enforcement officers',
  group: 'officers',
  summaryWord: '执法人员',
  sheetAliases: ['执法人员', '行政执法人员名单', '执法人员清单', '持证执法人员名单'],
  get schema() {
    return officerSchema();
  },
  columns: [
    { key: 'seq', column: '序号', help: '正整数，可留空' },
    { key: 'name', column: '姓名', aliases: ['执法人员姓名', '人员姓名'], help: '必填；不填写身份证号' },
    {
      key: 'certificateNumber',
      column: '执法证号',
      aliases: ['证件号', '证号', '执法证件号', '执法证编号', '证件编号'],
      help: '必填：全库唯一',
    },
    {
      key: 'certificateType',
      column: '证件类型',
      aliases: ['证件类别', '证件种类'],
      help: '必填：行政执法证 或 行政执法监督证',
      options: certificateTypes,
    },
    { key: 'category', column: '执法类别', aliases: ['执法领域', '执法种类'], help: '必填：如 市场监管、交通运输' },
    { key: 'area', column: '执法区域', aliases: ['执法地域'], help: '' },
    { key: 'issuer', column: '发证机关', aliases: ['发证单位'], help: '' },
    { key: 'issuedOn', column: '发证日期', aliases: ['发证时间'], help: '必填：YYYY-MM-DD' },
    {
      key: 'validUntil',
      column: '有效期至',
      aliases: ['有效期', '有效期限', '截止日期'],
      help: '必填：不早于发证日期',
    },
    {
      key: 'status',
      column: '状态',
      aliases: ['证件状态'],
      help: '必填：有效、暂扣、注销 或 过期',
      options: certificateStatuses,
    },
    { key: 'cancelledOn', column: '注销日期', aliases: ['注销时间', '暂扣日期'], help: '状态为注销或暂扣时必填' },
    {
      key: 'cancelReason',
      column: '注销原因',
      aliases: ['暂扣原因'],
      help: '状态为注销或暂扣时必填：如 调离执法岗位、退休',
    },
    { key: 'notes', column: '备注', help: '' },
  ],
  identityFields: ['certificateNumber'],
  searchFields: { name: 3, certificateNumber: 3, category: 1, area: 0.5, issuer: 0.5 },
};
