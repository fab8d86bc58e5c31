/**
 * `gongshi token --role editor --unit <uscc> [--unit …] [--region 210900] [--sub alice] [--ttl 1h]`
 * prints a JWT signed with the local key (.data/auth/, created on first use) that
 * the local server accepts (GONGSHI_AUTH=local, the default off Lambda).
 */
import { parseArgs } from 'node:util';
import { loadOrCreateLocalKey, localKeyPath } from '../../shared/features/auth/index.js';
import { loadConfig } from '../../shared/app/config.js';
import { parseTtl, signLocalToken } from '../../shared/features/auth/index.js';
import { ROLES, type Role } from '../../shared/features/auth/index.js';
import { checkUscc } from '../../shared/core/uscc.js';

const HELP =
  `用法: gongshi token --role <${ROLES.join('|')}> [--role …] [--unit <统一社会信用代码> …] ` +
  `[--region <行政区划代码|*>] [--sub <用户>] [--ttl 1h]

  --role    角色，可重复：admin（登记执法主体）、editor（上传清单，需 --unit）、reviewer（法制审核，需 --region）、auditor（查阅，--region 或 *）
  --unit    editor 可操作的执法主体，可重复
  --region  reviewer/auditor 负责的行政区划代码（如 210900 覆盖阜新市全部区县；* 表示全部）
  --sub     用户标识（默认 local-<角色>）
  --ttl     有效期，如 30m、8h、7d（默认 1h）
`;

export async function run(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        role: { type: 'string', multiple: true },
        unit: { type: 'string', multiple: true },
        region: { type: 'string' },
        sub: { type: 'string' },
        ttl: { type: 'string', default: '1h' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const roles = (values.role ?? []).map((r) => r.trim()) as Role[];
  const problems: string[] = [];
  if (roles.length === 0) problems.push('缺少 --role');
  for (const r of roles) if (!(ROLES as readonly string[]).includes(r)) problems.push(`未知角色：${r}`);
  const units = (values.unit ?? []).map((u) => u.trim().toUpperCase());
  for (const u of units) if (!checkUscc(u).valid) problems.push(`统一社会信用代码无效：${u}`);
  if (roles.includes('editor') && units.length === 0) problems.push('editor 需要至少一个 --unit');
  if (roles.includes('reviewer') && !values.region) problems.push('reviewer 需要 --region');
  if (values.region && !/^(\*|\d{2}|\d{4}|\d{6})$/.test(values.region))
    problems.push(`行政区划代码无效：${values.region}`);
  let ttlSeconds = 0;
  try {
    ttlSeconds = parseTtl(values.ttl!);
  } catch {
    problems.push(`有效期无效：${values.ttl}`);
  }
  if (problems.length) {
    process.stderr.write(`${problems.join('\n')}\n\n${HELP}`);
    return 2;
  }
  const key = await loadOrCreateLocalKey(localKeyPath(loadConfig().auth.dataDir));
  const token = await signLocalToken(key, {
    sub: values.sub ?? `local-${roles.join('-')}`,
    roles,
    units,
    region: values.region,
    ttlSeconds,
  });
  process.stdout.write(`${token}\n`);
  return 0;
}
