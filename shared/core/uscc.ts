/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015.
 * 18 characters: registration authority (1), category (1), GB/T 2260 region (6),
 * GB 11714 organisation code (9, the last its own check), check character (1).
 */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'; // 31 characters: no I, O, S, V, Z
const WEIGHTS = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** Registration authorities and the category codes GB 32100 assigns them. */
const KNOWN_CATEGORIES: Record<string, string> = {
  '1': '1239', // 机构编制: 机关, 事业单位, 编办直管群众团体, 其他
  '2': '19', // 外交
  '3': '1234559', // 司法行政
  '4': '19', // 文化
  '5': '1239', // 民政
  '6': '129', // 旅游
  '7': '129', // 宗教
  '8': '19', // 工会
  '9': '123', // 工商 / 市场监管
  A: '19', // 中央军委改革和编制办公室
  N: '1239', // 农业
  Y: '1', // 其他
};

export interface UsccCheck {
  valid: boolean;
  /** Stable English codes of hard failures. */
  errors: string[];
  /** Findings that do not reject the code (GB 11714 check, unusual category). */
  warnings: string[];
}

export const USCC_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]!) * WEIGHTS[i]!;
  const code = 31 - (sum % 31);
  return CHARSET[code === 31 ? 0 : code]!;
}

function organisationCodeValid(org: string): boolean {
  const value = (ch: string) => (/\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += value(org[i]!) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  const expected = c === 10 ? 'X' : c === 11 ? '0' : String(c);
  return org[8] === expected;
}

export function checkUscc(input: string): UsccCheck {
  const code = input.trim().toUpperCase();
  const errors: string[] = [];
  const warnings: string[] = [];
  if (code.length !== 18) errors.push('USCC_LENGTH');
  else if (!USCC_PATTERN.test(code)) errors.push('USCC_CHARACTERS');
  else if (usccCheckCharacter(code.slice(0, 17)) !== code[17]) errors.push('USCC_CHECK_CHARACTER');
  if (errors.length === 0) {
    const categories = KNOWN_CATEGORIES[code[0]!];
    if (!categories || !categories.includes(code[1]!)) warnings.push('USCC_UNUSUAL_CATEGORY');
    if (!organisationCodeValid(code.slice(8, 17))) warnings.push('USCC_ORGANISATION_CODE_CHECK');
  }
  return { valid: errors.length === 0, errors, warnings };
}

export const usccMessages: Record<string, string> = {
  USCC_LENGTH: '统一社会信用代码应为18位',
  USCC_CHARACTERS: '统一社会信用代码含有不允许的字符（不使用I、O、S、V、Z）',
  USCC_CHECK_CHARACTER: '统一社会信用代码校验位错误（GB 32100）',
  USCC_UNUSUAL_CATEGORY: '登记管理部门码或机构类别码不常见，请核对',
  USCC_ORGANISATION_CODE_CHECK: '内含组织机构代码校验位不符（GB 11714），请核对',
};
