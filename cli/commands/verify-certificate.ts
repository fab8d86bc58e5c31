/**
 * `gongshi verify certificate <QR text> --key <public key> [--status-list <file>]`: verifies a card's QR
 * credential offline with the registry's published Ed25519 key (base64url, or a file holding the JSON of
 * /v1/certificates/key), and, given a saved status list, whether it was cancelled and how fresh that list is.
 * Exit 0 valid, 1 invalid, 2 usage.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyCard } from '../../shared/features/officers/index.js';

const usage =
  '用法: gongshi verify certificate <二维码文字> --key <公钥 base64url 或 key.json> [--status-list <文件>] [--json]\n';

function readKey(value: string): Uint8Array {
  const text = existsSync(value) ? readFileSync(value, 'utf8').trim() : value.trim();
  const raw = text.startsWith('{') ? String((JSON.parse(text) as { publicKey?: string }).publicKey ?? '') : text;
  const bytes = Buffer.from(raw, 'base64url');
  if (bytes.length !== 32) throw new Error('公钥应为 32 字节的 Ed25519 公钥（base64url）');
  return new Uint8Array(bytes);
}

/**
 * A base64url key starts with '-' one time in 64, which parseArgs would read as an option: `--key -Ab…` becomes
 * `--key=-Ab…`, so the key can be pasted as the registry shows it.
 */
function joinKeyValue(args: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const next = args[i + 1];
    if (args[i] === '--key' && next?.startsWith('-')) {
      joined.push(`--key=${next}`);
      i++;
    } else joined.push(args[i]!);
  }
  return joined;
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinKeyValue(args),
      allowPositionals: true,
      options: { key: { type: 'string' }, 'status-list': { type: 'string' }, json: { type: 'boolean' } },
    });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usage}`);
    return 2;
  }
  const [qrText] = parsed.positionals;
  const { key, json } = parsed.values;
  if (!qrText || !key) {
    process.stderr.write(usage);
    return 2;
  }
  let publicKey: Uint8Array;
  try {
    publicKey = readKey(key);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  const listFile = parsed.values['status-list'];
  const report = verifyCard({
    qrText,
    publicKey,
    ...(listFile ? { statusList: readFileSync(listFile, 'utf8') } : {}),
    now: new Date(),
  });
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${report.lines.join('\n')}\n`);
  return report.ok ? 0 : 1;
}
