/** Loads the demo region into an empty registry: version 1 of everything, and a version 2 of some lists. */
import { entityKind } from '../../core/kinds/index.js';
import type { Registry } from '../lists/index.js';
import { generateOfficers } from '../officers/index.js';
import { loadDemoDraws } from './draws.js';
import { demoRegion, reviseList } from './generate.js';

export const DEMO_SOURCE = '示例数据（由 Gongshi 生成，非真实数据）';

export async function loadDemo(
  registry: Registry,
): Promise<{ loaded: boolean; units: number; versions: number; draws: number }> {
  const units = demoRegion();
  if (await registry.store.getHead(String(units[0]!.entity.uscc), entityKind.id))
    return { loaded: false, units: units.length, versions: 0, draws: 0 };
  let versions = 0;
  const common = { publishedBy: 'demo', source: DEMO_SOURCE };
  for (const [u, unit] of units.entries()) {
    const uscc = String(unit.entity.uscc);
    await registry.publish({
      ...common,
      uscc,
      stream: entityKind.id,
      status: 'published',
      items: [unit.entity],
      effectiveFrom: '2023-01-01',
    });
    versions++;
    for (const [kind, items] of Object.entries(unit.lists)) {
      await registry.publish({
        ...common,
        uscc,
        stream: kind,
        status: 'published',
        items,
        effectiveFrom: '2023-01-01',
        documentNumber: `阜司发〔2023〕${u + 1}号`,
      });
      versions++;
      if (kind !== 'inspection-items' && u % 2 === 0) {
        await registry.publish({
          ...common,
          uscc,
          stream: kind,
          status: 'published',
          items: reviseList(items, u * 31 + kind.length),
          effectiveFrom: '2024-07-01',
          documentNumber: `阜司发〔2024〕${u + 11}号`,
        });
        versions++;
      }
    }
  }
  versions += await loadDemoOfficers(registry, units);
  // 双随机: the first unit (市场监督管理局) with its item list, targets directory, yearly plan and draws.
  const first = units[0]!.entity;
  const inspections = await loadDemoDraws(
    registry,
    { uscc: String(first.uscc), name: String(first.name) },
    DEMO_SOURCE,
  );
  return { loaded: true, units: units.length, versions: versions + inspections.versions, draws: inspections.draws };
}

/** 执法人员名单 for every demo unit (the first unit holds the supervision certificates), with cancellations. */
async function loadDemoOfficers(registry: Registry, units: ReturnType<typeof demoRegion>): Promise<number> {
  const lists = generateOfficers({
    seed: 210900,
    year: 2024,
    units: units.map((u) => ({
      uscc: String(u.entity.uscc),
      regionCode: String(u.entity.regionCode),
      domain: String(u.entity.domain ?? '综合执法'),
      name: String(u.entity.name),
    })),
    officers: 120,
    supervision: 4,
    issuedInYear: 30,
    cancelled: 6,
    suspended: 1,
    expired: 3,
  });
  let versions = 0;
  for (const [u, unit] of units.entries()) {
    const items = lists.get(String(unit.entity.uscc)) ?? [];
    if (items.length === 0) continue;
    await registry.publish({
      publishedBy: 'demo',
      source: DEMO_SOURCE,
      uscc: String(unit.entity.uscc),
      stream: 'officers',
      status: 'published',
      items,
      effectiveFrom: '2024-01-01',
      documentNumber: `阜司发〔2024〕${u + 31}号`,
    });
    versions++;
  }
  return versions;
}
