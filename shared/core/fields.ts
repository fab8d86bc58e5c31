/**
 * Building blocks for record schemas: each field is a zod schema plus the Chinese
 * column it is published under. Values arrive as spreadsheet strings or JSON.
 */
import { z } from 'zod';
import { ILL_FORMED_MESSAGE, isWellFormedText, matchKey, normaliseText } from './text.js';

export const LIMITS = {
  code: 64,
  shortText: 500,
  longText: 4000,
} as const;

export interface ColumnSpec {
  /** camelCase API field name. */
  key: string;
  /** The Chinese column header as published (also the template header). */
  column: string;
  /** Other headers accepted on import (variants, Traditional forms are matched automatically). */
  aliases?: readonly string[];
  /** What the column means, for the template's instructions sheet. */
  help: string;
  /** Allowed values, for drop-down validation in templates. */
  options?: readonly string[];
  /** A column of each tier (裁量阶次) of a tiered item rather than of the item itself. */
  tier?: boolean;
}

const emptyToUndefined = (v: unknown) => {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v !== 'string') return v;
  const t = normaliseText(v);
  return t === '' ? undefined : t;
};

export function requiredText(max: number) {
  return z.preprocess(
    (v) => emptyToUndefined(typeof v === 'number' ? String(v) : v),
    z
      .string({ error: (i) => (i.input === undefined ? '必填项不能为空' : '应为文本') })
      .max(max, `不得超过${max}个字符`)
      .refine(isWellFormedText, ILL_FORMED_MESSAGE),
  );
}

export function optionalText(max: number) {
  return z.preprocess(
    (v) => emptyToUndefined(typeof v === 'number' ? String(v) : v),
    z
      .string({ error: '应为文本' })
      .max(max, `不得超过${max}个字符`)
      .refine(isWellFormedText, ILL_FORMED_MESSAGE)
      .optional(),
  );
}

/** 事项编码: no spaces, printable, unique within a list version. */
export const itemCode = z.preprocess(
  (v) => emptyToUndefined(typeof v === 'number' ? String(v) : v),
  z
    .string()
    .max(LIMITS.code, `不得超过${LIMITS.code}个字符`)
    .regex(/^[^\s\p{C}]+$/u, '事项编码不得含有空白或控制字符')
    .optional(),
);

const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 … 九十九 as a number; undefined for anything else. */
function chineseNumber(text: string): number | undefined {
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(text);
  if (!m || text === '') return undefined;
  const [, tens, ten, units] = m;
  if (!ten) return tens && !units ? CHINESE_DIGITS[tens] : undefined;
  return (tens ? CHINESE_DIGITS[tens]! : 1) * 10 + (units ? CHINESE_DIGITS[units]! : 0);
}

/**
 * 序号: a positive whole number; optional, since identity never depends on it. Published numbering forms are read
 * as their number: 1、 1. （一） 一、 (一).
 */
export const seq = z.preprocess((v) => {
  const t = emptyToUndefined(v);
  if (typeof t !== 'string') return t;
  if (/^\d+(\.0+)?$/.test(t)) return Number(t);
  const bare = t.replace(/^[（(]\s*(.+?)\s*[)）]$/, '$1').replace(/\s*[、.．]$/, '');
  if (/^\d+$/.test(bare)) return Number(bare);
  return chineseNumber(bare) ?? t;
}, z.number({ error: '序号应为正整数' }).int('序号应为正整数').positive('序号应为正整数').optional());

/**
 * An enumeration stored in one canonical form. Input is matched after
 * Traditional→Simplified conversion, width folding and case folding, so
 * 重點, 重点 and "key" all become 重点.
 */
export function enumeration<const T extends readonly [string, ...string[]]>(
  canonical: T,
  aliases: Record<string, T[number]>,
  options: { required: boolean },
) {
  // Built on first use, so importing the kinds registry costs no 简繁 dictionary work.
  let lookupTable: Map<string, T[number]> | undefined;
  const lookup = {
    get(key: string): T[number] | undefined {
      if (!lookupTable) {
        lookupTable = new Map();
        for (const value of canonical) lookupTable.set(matchKey(value), value);
        for (const [alias, value] of Object.entries(aliases)) lookupTable.set(matchKey(alias), value);
      }
      return lookupTable.get(key);
    },
  };
  const message = `应为以下之一：${canonical.join('、')}`;
  const base = z.enum(canonical, { error: (i) => (i.input === undefined ? '必填项不能为空' : message) });
  return z.preprocess(
    (v) => {
      const t = emptyToUndefined(v);
      return typeof t === 'string' ? (lookup.get(matchKey(t)) ?? t) : t;
    },
    options.required ? base : base.optional(),
  );
}

/** 是/否 columns, stored as booleans and published as 是/否. */
export function yesNo() {
  const truthy = new Set(['是', 'y', 'yes', 'true', '1', '√']);
  const falsy = new Set(['否', 'n', 'no', 'false', '0', '×']);
  return z.preprocess((v) => {
    const t = emptyToUndefined(v);
    if (typeof t !== 'string') return t;
    const k = matchKey(t);
    return truthy.has(k) ? true : falsy.has(k) ? false : t;
  }, z.boolean({ error: '应为“是”或“否”' }).optional());
}
