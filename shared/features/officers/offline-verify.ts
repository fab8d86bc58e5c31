/**
 * The offline check of a card: the QR's credential against the published key and, when given, the
 * region's signed status list (is the certificate listed, with which status, and how fresh is the list).
 * No network: the key and the status list are files the auditor fetched earlier.
 */
import {
  CREDENTIAL_PREFIX,
  credentialFromQrText,
  STATUS_LIST_PREFIX,
  statusListFreshness,
  verifyEnvelope,
  type CredentialPayload,
  type StatusListBody,
} from './credential.js';

export interface CardVerification {
  ok: boolean;
  /** Human-readable lines, Chinese. */
  lines: string[];
  credential?: CredentialPayload;
  status?: {
    status: string;
    listDate: string;
    ageHours: number;
    stale: boolean;
    cancelledOn?: string;
    reason?: string;
  };
}

export function verifyCard(input: {
  qrText: string;
  publicKey: Uint8Array;
  statusList?: string;
  now: Date;
}): CardVerification {
  const lines: string[] = [];
  const cred = verifyEnvelope<CredentialPayload>(
    credentialFromQrText(input.qrText),
    CREDENTIAL_PREFIX,
    input.publicKey,
  );
  if (!cred.ok) return { ok: false, lines: [`凭证：失败 — ${cred.reason}`] };
  const c = cred.payload;
  lines.push(`凭证：签名有效（密钥 ${c.kid}，签发于 ${c.iat}）`);
  lines.push(`  ${c.t} ${c.no}  ${c.n}  ${c.u}（${c.c}）  ${c.k}  有效期 ${c.f} 至 ${c.e}`);
  if (!input.statusList) {
    lines.push('状态：未提供状态列表，无法判断此后是否注销（请下载 /v1/certificates/status-list）');
    return { ok: true, lines, credential: c };
  }
  const list = verifyEnvelope<StatusListBody>(input.statusList, STATUS_LIST_PREFIX, input.publicKey);
  if (!list.ok) return { ok: false, lines: [...lines, `状态列表：失败 — ${list.reason}`], credential: c };
  const body = list.payload;
  const fresh = statusListFreshness(body, input.now);
  lines.push(
    `状态列表：签名有效，${body.region} 共 ${body.count} 张，状态日期 ${body.date}，签发于 ` +
      `${body.issuedAt}（${fresh.ageHours} 小时前${fresh.stale ? '，已过期，请更新' : ''}）`,
  );
  const entry = body.certificates.find((e) => e.no === c.no);
  if (!entry) {
    lines.push('状态：该证号不在状态列表中（可能已移出名单或不属于该地区）');
    return { ok: false, lines, credential: c };
  }
  const status = {
    status: entry.s,
    listDate: body.date,
    ageHours: fresh.ageHours,
    stale: fresh.stale,
    ...(entry.d ? { cancelledOn: entry.d } : {}),
    ...(entry.why ? { reason: entry.why } : {}),
  };
  lines.push(`状态：${entry.s}${entry.d ? `（${entry.d}，${entry.why ?? ''}）` : ''}`);
  return { ok: entry.s === '有效' && !fresh.stale, lines, credential: c, status };
}
