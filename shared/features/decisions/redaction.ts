/**
 * What of a decision the public may see. Personal information is removed before anything leaves the registry
 * (API, portal, exports, search, log leaves all read the public view built here, never the private record):
 * - every field marked `personal` in ./model.ts is left out (身份证件号码、住址、电话、银行账号、健康信息、第三人);
 * - a natural person's name is masked to surname + 某某 (张三 → 张某某: the length of the name is hidden too), in
 *   the party field and wherever it appears in the text; so is a 个体工商户's operator;
 * - the free text is scrubbed of ID numbers, phone numbers and bank card numbers in any form, and of the exact
 *   address, phone and third-party names the private record holds;
 * - a minor's decision is never published (a party marked minor, or a natural person whose 18-digit ID number
 *   shows an age under 18 on the decision date).
 * Sources: 《个人信息保护法》第二十八条 (敏感个人信息); 《市场监督管理行政处罚信息公示规定》(总局令第45号) on the
 * information of natural persons; 国办发〔2018〕118号 "涉及国家秘密、商业秘密、个人隐私等不宜公开的信息，依法确需公开的，
 * 要作适当处理后公开".
 */
import type { z } from 'zod';
import { DecisionInput, personal, type Party } from './model.js';

const COMPOUND_SURNAMES = new Set(
  '欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 轩辕 端木 独孤 南宫 西门 百里 呼延 赫连 澹台 公冶 宗政 濮阳 太史 申屠 钟离 闻人'.split(
    ' ',
  ),
);

/** 张三 → 张某某; 欧阳娜娜 → 欧阳某某. */
export function maskName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) return trimmed;
  const surname = COMPOUND_SURNAMES.has(trimmed.slice(0, 2)) && trimmed.length > 2 ? trimmed.slice(0, 2) : trimmed[0]!;
  return `${surname}某某`;
}

/** Patterns of personal numbers in free text, replaced whatever the record's fields say. */
const SCRUBBERS: Array<[RegExp, string]> = [
  // 18-digit resident ID (GB 11643) and the old 15-digit form, not inside a longer number.
  [/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g, '[身份证件号码已隐去]'],
  [/(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])/g, '[号码已隐去]'],
  // Bank card numbers: 16 to 19 digits, optionally grouped by spaces or hyphens.
  [/(?<!\d)\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?(?!\d)/g, '[银行账号已隐去]'],
  // Mobile phones (+86 optional) and landlines with an area code.
  [/(?<!\d)(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)/g, '[电话已隐去]'],
  [/(?<!\d)0\d{2,3}[ -]?\d{7,8}(?!\d)/g, '[电话已隐去]'],
];

export interface RedactionContext {
  party: Party;
  thirdParties?: readonly string[];
}

/** The text as it may be published: personal numbers, the party's address and phone, third parties' names gone. */
export function scrubText(value: string, ctx: RedactionContext): string {
  let out = value;
  const exact: Array<[string, string]> = [];
  if (ctx.party.address) exact.push([ctx.party.address, '[住址已隐去]']);
  if (ctx.party.phone) exact.push([ctx.party.phone, '[电话已隐去]']);
  if (ctx.party.idNumber) exact.push([ctx.party.idNumber, '[身份证件号码已隐去]']);
  if (ctx.party.bankAccount) exact.push([ctx.party.bankAccount, '[银行账号已隐去]']);
  for (const name of ctx.thirdParties ?? []) exact.push([name, maskName(name)]);
  if (ctx.party.type === '自然人') exact.push([ctx.party.name, maskName(ctx.party.name)]);
  if (ctx.party.type === '个体工商户' && ctx.party.representative)
    exact.push([ctx.party.representative, maskName(ctx.party.representative)]);
  // Longest first, so that a name inside an address does not break the address's replacement.
  for (const [needle, replacement] of exact.sort((a, b) => b[0].length - a[0].length)) {
    if (needle.trim().length >= 2) out = out.split(needle).join(replacement);
  }
  for (const [pattern, replacement] of SCRUBBERS) out = out.replace(pattern, replacement);
  return out;
}

/** Age in whole years on `date` from an 18-digit ID number's birth date, or undefined when it has none. */
export function ageFromIdNumber(idNumber: string | undefined, date: string): number | undefined {
  const m = /^\d{6}(\d{4})(\d{2})(\d{2})\d{3}[\dXx]$/.exec(idNumber?.trim() ?? '');
  if (!m) return undefined;
  const [, y, mo, d] = m;
  const [dy, dm, dd] = date.split('-').map(Number) as [number, number, number];
  let age = dy - Number(y);
  if (dm < Number(mo) || (dm === Number(mo) && dd < Number(d))) age--;
  return age;
}

export function isMinorParty(party: Party, decisionDate: string): boolean {
  if (party.minor) return true;
  if (party.type !== '自然人') return false;
  const age = ageFromIdNumber(party.idNumber, decisionDate);
  return age !== undefined && age < 18;
}

/** Copies `value` as `schema` describes it, leaving out every field registered as personal. */
function withoutPersonal(schema: z.ZodType, value: unknown): unknown {
  if (personal.has(schema)) return undefined;
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  switch (def.type) {
    case 'object': {
      if (typeof value !== 'object' || value === null) return value;
      const shape = def.shape as Record<string, z.ZodType>;
      const out: Record<string, unknown> = {};
      for (const [key, fieldSchema] of Object.entries(shape)) {
        const v = withoutPersonal(fieldSchema, (value as Record<string, unknown>)[key]);
        if (v !== undefined) out[key] = v;
      }
      return out;
    }
    case 'optional':
    case 'default':
    case 'nullable':
      return value === undefined ? undefined : withoutPersonal(def.innerType as z.ZodType, value);
    case 'pipe':
      return withoutPersonal(def.out as z.ZodType, value);
    case 'array':
      return Array.isArray(value) ? value.map((v) => withoutPersonal(def.element as z.ZodType, v)) : value;
    default:
      return value;
  }
}

/** Names of the fields marked personal, as dotted paths (for the docs and the preview). */
export function personalFieldPaths(schema: z.ZodType = DecisionInput, prefix = ''): string[] {
  if (personal.has(schema)) return [prefix];
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([k, s]) =>
        personalFieldPaths(s, prefix ? `${prefix}.${k}` : k),
      );
    case 'optional':
    case 'default':
    case 'nullable':
      return personalFieldPaths(def.innerType as z.ZodType, prefix);
    case 'pipe':
      return [...personalFieldPaths(def.in as z.ZodType, prefix), ...personalFieldPaths(def.out as z.ZodType, prefix)];
    default:
      return [];
  }
}

export type PublicDecisionContent = Omit<DecisionInput, 'thirdParties' | 'healthNotes' | 'party' | 'ruleFamily'> & {
  party: Pick<Party, 'name' | 'type' | 'uscc' | 'representative'>;
};

/**
 * The public content of a decision, or undefined when it may not be published at all (a minor).
 * Built by leaving out the marked fields (so a new personal field is redacted by its mark alone), then masking
 * names and scrubbing the free text.
 */
export function publicContent(input: DecisionInput): PublicDecisionContent | undefined {
  if (isMinorParty(input.party, input.decisionDate)) return undefined;
  const base = withoutPersonal(DecisionInput, input) as PublicDecisionContent & {
    ruleFamily?: string;
    minor?: boolean;
  };
  const ctx: RedactionContext = { party: input.party, thirdParties: input.thirdParties };
  const { ruleFamily: _family, ...rest } = base;
  const { minor: _minor, ...party } = base.party as PublicDecisionContent['party'] & { minor?: boolean };
  const maskedName = input.party.type === '自然人' ? maskName(input.party.name) : input.party.name;
  const representative =
    input.party.representative && input.party.type === '个体工商户'
      ? maskName(input.party.representative)
      : input.party.type === '自然人'
        ? undefined
        : input.party.representative;
  return {
    ...rest,
    party: {
      ...party,
      name: maskedName,
      ...(representative ? { representative } : {}),
      ...(input.party.type === '自然人' ? { uscc: undefined } : {}),
    },
    number: input.number,
    facts: scrubText(input.facts, ctx),
    basis: scrubText(input.basis, ctx),
    content: scrubText(input.content, ctx),
  };
}
