/** Portal pages of 事后公示: /units/:uscc/decisions (a year of a unit's decisions) and /decisions/:id. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { badRequest, notFound } from '../../core/errors.js';
import type { Registry } from '../lists/index.js';
import { html, page, pageHeaders } from '../portal/index.js';
import type { AppEnv } from '../../platform/http/app-env.js';
import { DECISION_ID } from './keys.js';
import { DecisionPage, UnitDecisionsPage } from './pages.js';
import type { Decisions } from './service.js';

export const DECISION_PORTAL_PATHS = ['/units/:uscc/decisions', '/decisions/:id'] as const;

/** The first year decisions are recorded for; the year picker runs from it to this year. */
const FIRST_YEAR = 2019;
const PAGE_SIZE = 200;

async function unitName(registry: Registry, uscc: string): Promise<string> {
  return String((await registry.getEntity(uscc)).entity.name ?? uscc);
}

export function registerDecisionPages(app: OpenAPIHono<AppEnv>, decisions: Decisions, registry: Registry): void {
  for (const path of DECISION_PORTAL_PATHS) app.use(path, pageHeaders);

  app.get(
    '/units/:uscc/decisions',
    page(async (c) => {
      const uscc = (c.req.param('uscc') ?? '').toUpperCase();
      const thisYear = Number(decisions.today().slice(0, 4));
      const asked = c.req.query('year');
      if (asked !== undefined && !/^\d{4}$/.test(asked)) throw badRequest('年度应为四位数字');
      const year = asked ? Number(asked) : thisYear;
      if (year < FIRST_YEAR || year > thisYear) throw badRequest(`年度应在${FIRST_YEAR}至${thisYear}年之间`);
      const name = await unitName(registry, uscc);
      const range = { from: `${year}-01-01`, to: year === thisYear ? decisions.today() : `${year}-12-31` };
      const [list, clock] = await Promise.all([
        decisions.byUnit(uscc, { ...range, limit: PAGE_SIZE, cursor: c.req.query('cursor') || undefined }),
        decisions.deadlines({ unit: uscc }, range),
      ]);
      const years = Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => thisYear - i);
      return html(
        c,
        UnitDecisionsPage({
          uscc,
          unitName: name,
          year,
          years,
          items: list.items,
          ...(list.next ? { next: list.next } : {}),
          counts: clock.counts,
        }),
      );
    }),
  );

  app.get(
    '/decisions/:id',
    page(async (c) => {
      const id = c.req.param('id') ?? '';
      if (!DECISION_ID.test(id)) throw notFound('未找到该执法决定', { id });
      const decision = await decisions.get(id);
      return html(c, DecisionPage({ decision, unitName: await unitName(registry, decision.unit) }));
    }),
  );
}
