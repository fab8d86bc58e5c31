/**
 * `gongshi <command>`: the registry's command line. Each command lives in
 * ./commands/<name>.ts and exports `run(args)`; they all honour the same
 * environment (DYNAMODB_ENDPOINT, TABLE_NAME, AWS_REGION, PORT, GONGSHI_DEMO).
 */
// The SDK warns at length that releases after January 2027 need Node 22; locally Node 20.19+ works, Lambda runs 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const commands: Record<
  string,
  { summary: string; load: () => Promise<{ run(args: string[]): Promise<number | void> }> }
> = {
  start: {
    summary: '启动本地服务（内嵌 DynamoDB 兼容引擎，首次启动加载示例数据）',
    load: () => import('./commands/start.js'),
  },
  import: {
    summary: '批量导入一个地区的执法主体与清单：gongshi import <folder>',
    load: () => import('./commands/import.js'),
  },
  verify: {
    summary: '核验透明日志与已公示版本（仅用公开接口）：gongshi verify <base-url> [--region <代码> | --unit <代码>]',
    load: () => import('./commands/verify.js'),
  },
  'verify-draw': {
    summary:
      '重新抽取并核验一次双随机抽取（仅用公开接口）：gongshi verify draw <抽取地址> [--mirror <folder>] [--offline]',
    load: () => import('./commands/verify-draw.js'),
  },
  token: {
    summary:
      '签发本地令牌：gongshi token --role editor --unit <统一社会信用代码> [--region 210900] [--sub alice] [--ttl 1h]',
    load: () => import('./commands/token.js'),
  },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `用法: gongshi <command> [options]\n\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  // `gongshi verify draw <url>` is the draw verifier; `gongshi verify <base-url>` audits the registry.
  const [name, ...rest] = argv[0] === 'verify' && argv[1] === 'draw' ? ['verify-draw', ...argv.slice(2)] : argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`未知命令：${name}\n\n${usage()}`);
    return 2;
  }
  const mod = await command.load();
  const code = await mod.run(rest);
  return typeof code === 'number' ? code : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (err: unknown) => {
    const e = err as { code?: string; message?: string; details?: unknown };
    process.stderr.write(`错误：${e.message ?? String(err)}${e.code ? ` [${e.code}]` : ''}\n`);
    if (e.details) process.stderr.write(`${JSON.stringify(e.details, null, 2)}\n`);
    process.exitCode = 1;
  },
);
