/**
 * The verifier's report as people read it: what was checked, then every failure by unit, kind and
 * version. In Chinese by default for the command line (`--lang en` for English); each failure
 * carries a sentence in plain words for an auditor who is not a programmer.
 */
import type { Finding, VerifyReport } from './verify.js';

export type ReportLang = 'zh' | 'en';

const where = (f: Finding) =>
  [f.unit, f.kind, f.version !== undefined ? `v${f.version}` : undefined].filter(Boolean).join(' ');

const whereZh = (f: Finding) =>
  [f.unit, f.kind, f.version !== undefined ? `第${f.version}版` : undefined].filter(Boolean).join(' ');

/** What each check means when it fails, in plain Chinese. */
const PLAIN_ZH: Record<string, string> = {
  checkpoint: '登记簿签名的检查点无法读取或签名不符，无法确认日志的当前状态。',
  consistency: '新的检查点与以前保存的检查点对不上：日志中已有的记录可能被改写或删除。',
  content: '下载到的版本内容无法读取或格式不对。',
  contentHash: '版本内容算出的指纹与登记簿公布的内容哈希不一致：内容在公布后可能被改动。',
  decision:
    '执法决定的公示信息与透明日志中记录的不一致，或已记入日志的决定不再公示其痕迹：决定在公示后可能被改动或删除。',
  deleted: '以前存在的版本现在找不到了：已公布的内容不应被删除。',
  demo: '本地演示随机源的抽取未记入透明日志（演示数据，演示随机数可预先算出，不具公信力）。',
  draw: '双随机抽取的记录与透明日志中记录的承诺、结果摘要或检查结果不一致，或抽取没有记入日志：抽取可能在事后被改动。',
  fork: '登记簿向不同的人出示了互相矛盾的日志：这是严重问题，应保留证据并报告。',
  history: '版本的先后记录前后矛盾（编号、日期或链接不连续）。',
  inclusion: '无法证明该版本记在签名的日志中：它可能是事后补入或被替换的。',
  itemCount: '版本中的事项数与登记簿公布的数目不一致。',
  key: '检查点的签名公钥与预期的不一致，无法信任这份签名。',
  kind: '清单类型无法识别。',
  log: '透明日志中的记录与对应的版本不一致，或日志本身无法读取。',
  pending: '该版本尚未记入透明日志，稍后再核验即可（这通常不是问题）。',
  previousHash: '版本记录的“上一版哈希”与上一版的实际哈希不一致：版本链条断了。',
  unit: '执法主体的登记信息无法读取或不一致。',
};

export function formatReport(r: VerifyReport, lang: ReportLang = 'en'): string {
  return lang === 'zh' ? formatZh(r) : formatEn(r);
}

function formatEn(r: VerifyReport): string {
  const lines = [`Gongshi verify — ${r.baseUrl}`];
  if (r.origin) lines.push(`  log         ${r.origin} (key ${r.vkey})`);
  if (r.checkpoint) lines.push(`  checkpoint  size ${r.checkpoint.size}, root ${r.checkpoint.root}`);
  if (r.previous) lines.push(`  previous    size ${r.previous.size} (consistency checked)`);
  lines.push(
    `  scope       ${r.units} units, ${r.versions} versions, ${r.leavesInScope} log entries, ` +
      `${r.questions} in-force questions; ${r.requests} requests`,
  );
  if (r.decisions) lines.push(`  decisions   ${r.decisions} held against their logged events`);
  if (r.draws) lines.push(`  draws       ${r.draws} held against their logged events`);
  for (const w of r.warnings) lines.push(`  WARN ${where(w)} [${w.check}] ${w.message}`);
  if (r.ok) {
    lines.push(
      'OK: every version in scope matches its hashes, chain and logged leaf, and is included ' +
        'under the signed checkpoint.',
    );
  } else {
    lines.push(`FAILED: ${r.failures.length} problem${r.failures.length === 1 ? '' : 's'}`);
    for (const f of r.failures) lines.push(`  ✗ ${where(f) || 'log'} [${f.check}] ${f.message}`);
  }
  return `${lines.join('\n')}\n`;
}

function formatZh(r: VerifyReport): string {
  const lines = [`公示登记簿核验 — ${r.baseUrl}`];
  if (r.origin) lines.push(`  透明日志    ${r.origin}（公钥 ${r.vkey}）`);
  if (r.checkpoint) lines.push(`  检查点      共 ${r.checkpoint.size} 条记录，根指纹 ${r.checkpoint.root}`);
  if (r.previous) lines.push(`  上次检查点  ${r.previous.size} 条记录（已核对前后一致）`);
  lines.push(
    `  核验范围    ${r.units} 个执法主体、${r.versions} 个版本、${r.leavesInScope} 条日志记录；共发出 ${r.requests} 次请求`,
  );
  if (r.decisions) lines.push(`  执法决定    ${r.decisions} 项，已与日志中的记录逐项核对`);
  if (r.draws) lines.push(`  双随机抽取  ${r.draws} 次，已与日志中的记录逐项核对`);
  for (const w of r.warnings) {
    lines.push(`  提示 ${whereZh(w)}：${PLAIN_ZH[w.check] ?? w.message}`);
    lines.push(`       （技术细节 [${w.check}] ${w.message}）`);
  }
  if (r.ok) {
    lines.push('通过：范围内每个版本的内容、哈希、版本链条都与登记簿公布的一致，并且都记在已签名的透明日志中。');
  } else {
    lines.push(`未通过：发现 ${r.failures.length} 个问题`);
    for (const f of r.failures) {
      lines.push(`  ✗ ${whereZh(f) || '透明日志'}：${PLAIN_ZH[f.check] ?? '核验未通过。'}`);
      lines.push(`     （技术细节 [${f.check}] ${f.message}）`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The message when the registry cannot be reached: the URL, the cause, and what to try. */
export function connectionMessage(url: string, cause: string, lang: ReportLang = 'zh'): string {
  const plain: Record<string, string> = {
    ECONNREFUSED: '对方拒绝连接（服务没有运行，或端口不对）',
    ENOTFOUND: '找不到这个域名（请检查网址拼写）',
    ETIMEDOUT: '连接超时（网络不通或服务没有响应）',
    ECONNRESET: '连接被对方中断',
    EAI_AGAIN: '域名解析暂时失败（请检查网络）',
  };
  if (lang === 'en') return `cannot connect to ${url}: ${cause}\n`;
  return `错误：无法连接 ${url}：${plain[cause] ?? cause}（${cause}）。请确认网址正确、服务正在运行且网络可用。\n`;
}
