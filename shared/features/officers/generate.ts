/**
 * Generated officers lists (demo, tests, benchmark): deterministic, realistic in shape, never real people
 * (names are drawn from common surnames and given names; every number carries the 示例 region's code).
 * Counts are exact: `officers` enforcement officers spread over the units, `supervision` supervision
 * officers in the first unit (the 司法局), `issuedInYear` of all certificates issued in `year`, and the
 * stated numbers of cancellations (with reasons), suspensions and expiries.
 */
export interface OfficerGenerationOptions {
  seed: number;
  year: number;
  units: ReadonlyArray<{ uscc: string; regionCode: string; domain: string; name: string }>;
  /** Enforcement certificates (行政执法证) in all. */
  officers: number;
  /** Supervision certificates (行政执法监督证), all in the first unit. */
  supervision: number;
  issuedInYear: number;
  cancelled: number;
  suspended: number;
  expired: number;
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国志红海波斌宇浩凯鹏飞亮晨欣怡子涵';
const REASONS = ['调离执法岗位', '退休', '违纪', '辞职'];

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Officers lists by unit credit code. */
export function generateOfficers(o: OfficerGenerationOptions): Map<string, Array<Record<string, unknown>>> {
  const rng = seeded(o.seed);
  const pick = (s: string) => s[Math.floor(rng() * s.length)]!;
  // This year's certificates are issued by October, so all are in force by the year's last weeks.
  const day = (year: number) =>
    `${year}-${pad2(1 + Math.floor(rng() * (year === o.year ? 10 : 12)))}-${pad2(1 + Math.floor(rng() * 28))}`;
  const total = o.officers + o.supervision;
  const out = new Map<string, Array<Record<string, unknown>>>(o.units.map((u) => [u.uscc, []]));
  for (let i = 0; i < total; i++) {
    const supervision = i < o.supervision;
    const unit = supervision ? o.units[0]! : o.units[(i - o.supervision) % o.units.length]!;
    // The first `issuedInYear` certificates are this year's; the rest were issued 1 to 4 years before.
    const issuedYear = i < o.issuedInYear ? o.year : o.year - 1 - Math.floor(rng() * 4);
    const issuedOn = day(issuedYear);
    const expired = i >= total - o.expired;
    const validUntil = expired ? `${o.year}-0${1 + (i % 3)}-15` : `${issuedYear + 5}-${issuedOn.slice(5)}`;
    const cancelled = !expired && i >= total - o.expired - o.cancelled;
    const suspended = !expired && !cancelled && i >= total - o.expired - o.cancelled - o.suspended;
    const list = out.get(unit.uscc)!;
    list.push({
      seq: list.length + 1,
      name: pick(SURNAMES) + pick(GIVEN) + (rng() < 0.6 ? pick(GIVEN) : ''),
      certificateNumber: `${unit.regionCode}${supervision ? 'J' : 'Z'}${String(i + 1).padStart(6, '0')}`,
      certificateType: supervision ? '行政执法监督证' : '行政执法证',
      category: supervision ? '行政执法监督' : unit.domain,
      area: unit.name.replace(/（示例）$/, '').replace(/[^市县区镇乡]+$/, '') || undefined,
      issuer: '省人民政府（示例）',
      issuedOn,
      validUntil,
      status: expired ? '过期' : cancelled ? '注销' : suspended ? '暂扣' : '有效',
      ...(cancelled || suspended
        ? {
            cancelledOn: `${o.year}-${pad2(2 + (i % 9))}-${pad2(1 + (i % 27))}`,
            cancelReason: suspended ? '涉嫌违纪，暂扣执法证件' : REASONS[i % REASONS.length],
          }
        : {}),
    });
  }
  for (const list of out.values()) for (const item of list) if (item.area === undefined) delete item.area;
  return out;
}
