/**
 * The workbench's HTTP: server-rendered pages under /workbench for clerks, legal reviewers, administrators and
 * auditors. Route handlers translate forms to WorkbenchService calls and render pages; they work without
 * JavaScript. Sessions are signed cookies (./session.ts); every form that changes something carries the
 * session's CSRF token and must come from the workbench's own origin. Every action is recorded in the audit
 * trail, refusals included, like the API's (the API's middleware covers /v1 only).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { randomBytes } from 'node:crypto';
import { isValidIsoDate } from '../../core/dates.js';
import { AppError, badRequest, reasonOf } from '../../core/errors.js';
import { entityKind, findKind, listKinds } from '../../core/kinds/index.js';
import { regionPrefix } from '../../core/region.js';
import { checkUscc } from '../../core/uscc.js';
import { normaliseDocumentNumber } from '../../core/versions.js';
import {
  ASSIGNABLE_ROLES,
  primaryRole,
  ROLES,
  UserIdSchema,
  type AssignableRole,
  type Principal,
  type Role,
} from '../auth/index.js';
import { pageHeaders } from '../portal/index.js';
import type { VerificationResult } from '../verifier/index.js';
import type { PlanIntake } from '../inspections/index.js';
import { IMPORT_LIMITS } from '../spreadsheets/index.js';
import { loadExcel } from '../../platform/lazy-exceljs.js';
import { isEngineValidation, retryAfterOf, statusOf } from '../../platform/http/errors.js';
import type { AuditNote } from '../workflow/index.js';
import type { AppEnv } from '../../platform/http/app-env.js';
import { AUDIT_COLUMNS, exportRows } from './audit-view.js';
import { authorizeUrl, logoutUrl, newPkce, type CognitoLogin } from './cognito.js';
import { isLocalStage, type WorkbenchConfig } from './config.js';
import { parseRemovals } from './merge.js';
import { AdminPage } from './pages/admin.js';
import { AssignmentsPage, type AssignmentForm } from './pages/assignments.js';
import { AuditPage, type AsKnown } from './pages/audit.js';
import { CheckPage, ListWorkPage, UnitHome } from './pages/clerk.js';
import { HomePage } from './pages/home.js';
import { PlansPage, plansUrl } from './pages/plans.js';
import { DraftPage, ReviewsPage } from './pages/review.js';
import { SignedOutPage, SignInPage } from './pages/sign-in.js';
import { Message, WB } from './pages/shell.js';
import type { WorkbenchService } from './service.js';
import {
  csrfMatches,
  decodeSession,
  encodeSession,
  LOGIN_COOKIE,
  newSession,
  openValue,
  principalOf,
  sealValue,
  SESSION_COOKIE,
  touch,
  type Session,
  sessionEndsBy,
  sessionId,
  type SessionPolicy,
} from './session.js';
import type { SessionEnds } from './session-ends.js';
import { UploadModeSchema } from './uploads-store.js';

export interface WorkbenchDeps {
  service: WorkbenchService;
  config: WorkbenchConfig;
  /** The Cognito sign-in (stages other than local). */
  cognito?: CognitoLogin;
  /** Sessions ended by signing out: refused even if a copy of the cookie is presented again. */
  sessionEnds: SessionEnds;
  /** The latest signed checkpoint of the transparency log, for the auditor's page. */
  latestCheckpoint?: () => Promise<{ size: number; note: string } | undefined>;
  /** The last scheduled verification of each region under a prefix ('' all), for the auditor's page. */
  lastVerifications?: (regionPrefix: string) => Promise<VerificationResult[]>;
  /** The unit's 抽查工作计划 (the inspections feature): its page is served when given. */
  plans?: Pick<PlanIntake, 'listPlans' | 'importPlanFile' | 'tableKind'>;
}

type Page = { toString(): string | Promise<string> };
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UPLOAD_MAX = IMPORT_LIMITS.maxFileBytes + 256 * 1024;

class SignInRequired extends Error {}

interface NodeEnv {
  incoming?: { socket?: { remoteAddress?: string } };
  event?: { requestContext?: { http?: { sourceIp?: string } } };
}

export function registerWorkbenchRoutes(app: OpenAPIHono<AppEnv>, deps: WorkbenchDeps): void {
  const { service, config } = deps;
  const local = isLocalStage(config);
  const policy: SessionPolicy = {
    secret: config.sessionSecret,
    idleMs: config.idleMinutes * 60_000,
    absoluteMs: config.absoluteHours * 3_600_000,
  };
  const now = () => service.now();
  const originOf = (c: Context) => config.origin ?? new URL(c.req.url).origin;
  const secure = (c: Context) => originOf(c).startsWith('https:');

  const writeSession = (c: Context, s: Session) =>
    setCookie(c, SESSION_COOKIE, encodeSession(policy, s), {
      httpOnly: true,
      secure: secure(c),
      sameSite: 'Lax',
      path: WB,
      maxAge: Math.floor(policy.absoluteMs / 1000),
    });

  const html = (c: Context, page: Page, status: 200 | 400 | 403 | 404 | 409 | 412 | 413 | 422 | 500 | 503 = 200) =>
    Promise.resolve(page.toString()).then((body) => c.html(`<!DOCTYPE html>${body}`, status));

  /**
   * The signed-in session (renewed), or SignInRequired. The cookie holds what the sign-in granted; the session
   * used for the request adds the person's stored role assignments, read again at most a minute later
   * (shared/features/auth/assignments.ts), so a revoked assignment does not last as long as the cookie.
   */
  const sessionOf = async (c: Context): Promise<Session> => {
    const check = decodeSession(policy, getCookie(c, SESSION_COOKIE), now());
    if (!check.ok) throw new SignInRequired(check.reason);
    if (await deps.sessionEnds.ended(sessionId(check.session), now())) throw new SignInRequired('ENDED');
    const renewed = touch(check.session, now());
    writeSession(c, renewed);
    const { roles, units, regionPrefix: prefix } = await service.assignments.resolve(principalOf(renewed));
    return { ...renewed, roles, units, ...(prefix !== undefined ? { regionPrefix: prefix } : {}) };
  };

  const sourceIp = (c: Context) => {
    const env = c.env as NodeEnv | undefined;
    return env?.event?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? 'unknown';
  };

  /** One audit record, as the API's middleware writes them. */
  const record = async (c: Context, p: Principal | undefined, note: AuditNote, status: number, code?: string) => {
    let regionCode = note.regionCode;
    if (note.unit && regionCode === undefined)
      regionCode = (await service.workflow.unitRegion(note.unit).catch(() => undefined)) ?? '';
    await service.audit.append({
      time: now().toISOString(),
      actor: p?.sub ?? 'anonymous',
      role: note.role ?? primaryRole(p),
      unit: note.unit ?? 'GLOBAL',
      regionCode: regionCode ?? '',
      action: note.action ?? `${c.req.method} ${c.req.path}`,
      target: note.target ?? c.req.path,
      outcome:
        status < 400 ? 'succeeded' : status === 401 || status === 403 ? 'denied' : status < 500 ? 'refused' : 'failed',
      status,
      ...(code ? { code } : {}),
      ...(note.beforeHash ? { beforeHash: note.beforeHash } : {}),
      ...(note.afterHash ? { afterHash: note.afterHash } : {}),
      requestId: c.get('requestId') ?? '',
      sourceIp: sourceIp(c),
      userAgent: (c.req.header('user-agent') ?? '').slice(0, 500),
      detail: { ...note.detail, via: 'workbench' },
    });
  };

  /** Runs a changing use case and records it, whatever the outcome. */
  const audited = async <T>(c: Context, p: Principal, note: AuditNote, run: () => Promise<T>): Promise<T> => {
    try {
      const result = await run();
      await record(c, p, note, 200);
      return result;
    } catch (e) {
      if (e instanceof AppError) {
        const reason = reasonOf(e);
        await record(c, p, note, statusOf(e), reason ? `${e.code}:${reason}` : e.code);
      }
      throw e;
    }
  };

  /**
   * Forms that change something: from this origin, and with the session's CSRF token. Pages are sent with
   * `Referrer-Policy: no-referrer` (the app's secure headers), under which browsers send `Origin: null` even
   * for same-origin forms; then the browser's own `Sec-Fetch-Site: same-origin` stands for the origin.
   */
  const guardForm = async (c: Context, s: Session | undefined, form: Record<string, unknown>) => {
    const origin = c.req.header('origin');
    const sameOrigin =
      origin === originOf(c) ||
      ((origin === undefined || origin === 'null') && c.req.header('sec-fetch-site') === 'same-origin');
    if (!sameOrigin) throw new AppError('FORBIDDEN', '请求来源不是本工作台，已拒绝', { reason: 'BAD_ORIGIN' });
    if (s && !csrfMatches(s, form._csrf)) {
      await record(c, principalOf(s), { action: 'workbench.csrf' }, 403, 'FORBIDDEN:CSRF_TOKEN');
      throw new AppError('FORBIDDEN', '表单已失效或来源不明（缺少安全令牌），请刷新页面后重试', {
        reason: 'CSRF_TOKEN',
      });
    }
  };

  /**
   * A page handler: sign-in redirects, AppErrors as Chinese pages with their status, never a 500 for a client mistake.
   */
  const page = (handler: (c: Context) => Promise<Response>) => async (c: Context) => {
    try {
      return await handler(c);
    } catch (e) {
      if (e instanceof SignInRequired) {
        deleteCookie(c, SESSION_COOKIE, { path: WB });
        const next = c.req.method === 'GET' ? c.req.path + (new URL(c.req.url).search || '') : WB;
        const reason = e.message === 'EXPIRED' ? '&expired=1' : e.message === 'ENDED' ? '&ended=1' : '';
        return c.redirect(`${WB}/sign-in?next=${encodeURIComponent(next)}${reason}`, 303);
      }
      const requestId = c.get('requestId');
      const s = decodeSession(policy, getCookie(c, SESSION_COOKIE), now());
      const session = s.ok ? s.session : undefined;
      const status = e instanceof AppError ? statusOf(e) : 500;
      const retryAfter = e instanceof AppError ? retryAfterOf(e) : undefined;
      if (e instanceof AppError && retryAfter !== undefined) {
        c.header('Retry-After', String(retryAfter));
        return html(c, Message({ title: '系统繁忙', message: e.message, session, requestId }), 503);
      }
      if (e instanceof AppError && status < 500) {
        const title = status === 404 ? '未找到' : status === 403 ? '无权访问' : '无法完成';
        return html(c, Message({ title, message: e.message, session, requestId }), status as 400);
      }
      if (isEngineValidation(e)) {
        console.warn(JSON.stringify({ level: 'WARN', message: 'engine refused input', requestId, error: String(e) }));
        return html(c, Message({ title: '无法完成', message: '请求参数无效', session, requestId }), 400);
      }
      console.error(JSON.stringify({ level: 'ERROR', message: 'workbench page failed', requestId, error: String(e) }));
      return html(
        c,
        Message({ title: '服务暂时不可用', message: '页面暂时无法显示，请稍后重试', session, requestId }),
        500,
      );
    }
  };

  const uscc = (c: Context) => {
    const u = (c.req.param('uscc') ?? '').toUpperCase();
    if (!checkUscc(u).valid) throw badRequest('统一社会信用代码格式不正确', { uscc: u });
    return u;
  };
  const unitName = async (u: string) =>
    String((await service.registry.getEntity(u).catch(() => undefined))?.entity.name ?? u);

  app.use(`${WB}/*`, pageHeaders);
  app.use(WB, pageHeaders);
  app.use(`${WB}/*`, async (c, next) => {
    await next();
    c.header('Cache-Control', 'private, no-store');
  });
  app.use(`${WB}/*`, (c, next) =>
    c.req.method === 'POST'
      ? bodyLimit({
          maxSize: /\/check$/.test(c.req.path) ? UPLOAD_MAX : 1024 * 1024,
          onError: () => {
            throw new AppError('PAYLOAD_TOO_LARGE', '上传的文件过大（上限 10 MB）', { reason: 'BODY_TOO_LARGE' });
          },
        })(c, next)
      : next(),
  );

  // ------------------------------------------------------------------ sign-in and sign-out
  app.get(
    `${WB}/sign-in`,
    page(async (c) => {
      const next = safeNext(c.req.query('next'));
      if (!local) {
        if (!deps.cognito) return html(c, Message({ title: '未找到', message: '未配置登录' }), 404);
        const pkce = newPkce();
        const state = randomBytes(16).toString('base64url');
        setCookie(
          c,
          LOGIN_COOKIE,
          sealValue(policy.secret, { state, verifier: pkce.verifier, next, at: now().getTime() }),
          {
            httpOnly: true,
            secure: true,
            sameSite: 'Lax',
            path: WB,
            maxAge: 600,
          },
        );
        return c.redirect(
          authorizeUrl(deps.cognito.settings, `${originOf(c)}${WB}/callback`, state, pkce.challenge),
          302,
        );
      }
      const expired = c.req.query('expired')
        ? '登录已过期，请重新登录'
        : c.req.query('ended')
          ? '本次登录已退出，请重新登录'
          : undefined;
      return html(c, SignInPage({ next, ...(expired ? { error: expired } : {}) }));
    }),
  );

  app.post(
    `${WB}/sign-in`,
    page(async (c) => {
      if (!local) return html(c, Message({ title: '未找到', message: '未找到请求的页面' }), 404);
      const form = await c.req.parseBody();
      await guardForm(c, undefined, form);
      const role = String(form.role ?? '');
      const next = safeNext(String(form.next ?? ''));
      const u = String(form.uscc ?? '')
        .trim()
        .toUpperCase();
      const region = String(form.region ?? '').trim();
      const fail = (error: string) => html(c, SignInPage({ error, next }), 400);
      if (![...ROLES, 'assigned'].includes(role)) return fail('请选择角色');
      const userText = String(form.user ?? '').trim();
      const user = userText ? UserIdSchema.safeParse(userText) : undefined;
      if (user && !user.success) return fail('用户名只可包含字母、数字和 . _ @ + -，至多 128 个字符');
      // A named user signs in as that user id, so the assignments stored for it apply (as to a Cognito username).
      const named = user?.data ? { sub: user.data, username: user.data } : undefined;
      let p: Principal;
      if (role === 'assigned') {
        if (!named) return fail('按指派登录须填写用户名');
        p = { ...named, roles: [], units: [] };
      } else if (role === 'editor') {
        if (!checkUscc(u).valid) return fail('填报人员须填写有效的统一社会信用代码（18位，GB 32100）');
        p = { sub: `local-editor-${u}`, username: `本地填报人员（${u}）`, ...named, roles: ['editor'], units: [u] };
      } else {
        if (region && !/^\d{6}$/.test(region)) return fail('行政区划代码应为6位数字（GB/T 2260），全国留空');
        const prefix = region ? regionPrefix(region) : '';
        const label = { admin: '管理员', reviewer: '法制审核人员', auditor: '审计人员' }[role as 'admin'];
        p = {
          sub: `local-${role}-${region || 'all'}`,
          username: `本地${label}（${region || '全国'}）`,
          ...named,
          roles: [role as Role],
          units: [],
          regionPrefix: prefix,
        };
      }
      const s = newSession(p, 'local', now());
      writeSession(c, s);
      await record(c, p, { action: 'workbench.sign-in', detail: { via: 'local' } }, 200);
      return c.redirect(next ?? WB, 303);
    }),
  );

  app.get(
    `${WB}/callback`,
    page(async (c) => {
      if (local || !deps.cognito) return html(c, Message({ title: '未找到', message: '未找到请求的页面' }), 404);
      const flight = openValue(policy.secret, getCookie(c, LOGIN_COOKIE));
      deleteCookie(c, LOGIN_COOKIE, { path: WB });
      const code = c.req.query('code');
      if (!flight || !code || flight.state !== c.req.query('state') || now().getTime() - Number(flight.at) > 600_000)
        throw new AppError('UNAUTHENTICATED', '登录已失效，请重新登录', { reason: 'LOGIN_STATE' });
      const p = await deps.cognito.complete(code, String(flight.verifier), `${originOf(c)}${WB}/callback`);
      writeSession(c, newSession(p, 'cognito', now()));
      await record(c, p, { action: 'workbench.sign-in', detail: { via: 'cognito' } }, 200);
      return c.redirect(safeNext(String(flight.next ?? '')) ?? WB, 303);
    }),
  );

  app.get(
    `${WB}/sign-out`,
    page(async (c) => {
      const check = decodeSession(policy, getCookie(c, SESSION_COOKIE), now());
      if (!check.ok) return html(c, SignedOutPage());
      return html(
        c,
        Message({ title: '退出', message: '点击页面上方的“退出”按钮结束本次登录。', session: check.session }),
      );
    }),
  );

  app.post(
    `${WB}/sign-out`,
    page(async (c) => {
      const check = decodeSession(policy, getCookie(c, SESSION_COOKIE), now());
      const form = await c.req.parseBody();
      await guardForm(c, check.ok ? check.session : undefined, form);
      deleteCookie(c, SESSION_COOKIE, { path: WB, secure: secure(c), httpOnly: true, sameSite: 'Lax' });
      if (check.ok) {
        // Ended for good: a copy of the cookie kept elsewhere is refused from now on, not only this browser's.
        await deps.sessionEnds.end(sessionId(check.session), sessionEndsBy(policy, check.session));
        await record(c, principalOf(check.session), { action: 'workbench.sign-out' }, 200);
      }
      if (!local && deps.cognito)
        return c.redirect(logoutUrl(deps.cognito.settings, `${originOf(c)}${WB}/sign-out`), 303);
      return html(c, SignedOutPage());
    }),
  );

  // ------------------------------------------------------------------ home and the clerk's pages
  app.get(
    WB,
    page(async (c) => {
      const s = await sessionOf(c);
      if (s.roles.length === 1 && s.roles[0] === 'editor' && s.units.length === 1)
        return c.redirect(`${WB}/units/${s.units[0]}`, 303);
      return html(c, HomePage({ session: s }));
    }),
  );

  app.get(
    `${WB}/units/:uscc`,
    page(async (c) => {
      const s = await sessionOf(c);
      const u = uscc(c);
      const { entity, lists } = await service.unitOverview(principalOf(s), u, listKinds);
      return html(c, UnitHome({ session: s, uscc: u, entity, lists }));
    }),
  );

  const listKind = (c: Context) => service.registry.requireListKind(c.req.param('kind') ?? '');

  app.get(
    `${WB}/units/:uscc/lists/:kind`,
    page(async (c) => {
      const s = await sessionOf(c);
      const p = principalOf(s);
      const u = uscc(c);
      const kind = listKind(c);
      await service.unitOverview(p, u, []);
      const overview = await service.listOverview(p, u, kind);
      const reviseId = c.req.query('revise');
      const revisionOf = reviseId ? await service.workflow.getDraft(p, reviseId) : undefined;
      return html(
        c,
        ListWorkPage({
          session: s,
          uscc: u,
          unitName: await unitName(u),
          overview,
          today: service.today(),
          ...(revisionOf && revisionOf.status === 'rejected' ? { revisionOf } : {}),
        }),
      );
    }),
  );

  app.post(
    `${WB}/units/:uscc/lists/:kind/check`,
    page(async (c) => {
      const s = await sessionOf(c);
      const p = principalOf(s);
      const form = await c.req.parseBody();
      await guardForm(c, s, form);
      const u = uscc(c);
      const kind = listKind(c);
      const note: AuditNote = {};
      const check = await audited(c, p, note, async () => {
        const file = form.file;
        const effectiveFrom = String(form.effectiveFrom ?? '').trim();
        const problems: string[] = [];
        if (!(file instanceof File) || file.size === 0) problems.push('请选择要上传的文件');
        if (!isValidIsoDate(effectiveFrom)) problems.push('请填写施行日期（YYYY-MM-DD）');
        const mode = UploadModeSchema.safeParse(String(form.mode ?? 'replace'));
        if (!mode.success) problems.push('请选择导入方式：完整替换或增补修改');
        if (problems.length > 0 || !(file instanceof File) || !mode.success)
          throw new AppError('BAD_REQUEST', problems.join('；'), { reason: 'FORM_INCOMPLETE', problems });
        const documentNumber = normaliseDocumentNumber(String(form.documentNumber ?? '')) || undefined;
        const revisionOf = String(form.revisionOf ?? '') || undefined;
        return service.check(
          p,
          {
            unit: u,
            kind: kind.id,
            fileName: file.name || 'upload',
            mode: mode.data,
            effectiveFrom,
            ...(documentNumber ? { documentNumber } : {}),
            removals: parseRemovals(String(form.removals ?? '')),
            ...(revisionOf ? { revisionOf } : {}),
          },
          new Uint8Array(await file.arrayBuffer()),
          note,
        );
      }).catch(async (e: unknown) => {
        if (e instanceof AppError && e.code === 'BAD_REQUEST' && reasonOf(e) === 'FORM_INCOMPLETE') {
          const overview = await service.listOverview(p, u, kind);
          return { retry: overview, message: e.message };
        }
        throw e;
      });
      if ('retry' in check)
        return html(
          c,
          ListWorkPage({
            session: s,
            uscc: u,
            unitName: await unitName(u),
            overview: check.retry,
            today: service.today(),
            error: check.message,
          }),
          400,
        );
      note.detail = { ...note.detail, errors: check.errors.length, removed: check.diff.summary.removed };
      return html(
        c,
        CheckPage({ session: s, uscc: u, unitName: await unitName(u), check }),
        check.errors.length ? 422 : 200,
      );
    }),
  );

  app.get(
    `${WB}/uploads/:id`,
    page(async (c) => {
      const s = await sessionOf(c);
      const check = await service.recheck(principalOf(s), c.req.param('id') ?? '');
      return html(
        c,
        CheckPage({ session: s, uscc: check.upload.unit, unitName: await unitName(check.upload.unit), check }),
      );
    }),
  );

  app.get(
    `${WB}/uploads/:id/marked.xlsx`,
    page(async (c) => {
      const s = await sessionOf(c);
      const { fileName, bytes } = await service.markedCopy(principalOf(s), c.req.param('id') ?? '');
      c.header('Content-Type', XLSX_TYPE);
      c.header(
        'Content-Disposition',
        `attachment; filename="marked.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      );
      return c.body(bytes as unknown as ArrayBuffer, 200);
    }),
  );

  app.post(
    `${WB}/uploads/:id/mapping`,
    page(async (c) => {
      const s = await sessionOf(c);
      const p = principalOf(s);
      const form = await c.req.parseBody();
      await guardForm(c, s, form);
      const id = c.req.param('id') ?? '';
      const chosen = new Map<number, string>();
      for (const [name, value] of Object.entries(form)) {
        const m = /^map\.(\d{1,3})$/.exec(name);
        if (m && typeof value === 'string') chosen.set(Number(m[1]), value.trim());
      }
      const note: AuditNote = {};
      try {
        const check = await audited(c, p, note, () => service.correctMapping(p, id, chosen, note));
        const unit = check.upload.unit;
        return html(
          c,
          CheckPage({ session: s, uscc: unit, unitName: await unitName(unit), check }),
          check.errors.length ? 422 : 200,
        );
      } catch (e) {
        if (reasonOf(e) !== 'BAD_COLUMN_MAP') throw e;
        const check = await service.recheck(p, id);
        const unit = check.upload.unit;
        return html(
          c,
          CheckPage({ session: s, uscc: unit, unitName: await unitName(unit), check, error: (e as AppError).message }),
          422,
        );
      }
    }),
  );

  app.post(
    `${WB}/uploads/:id/submit`,
    page(async (c) => {
      const s = await sessionOf(c);
      const p = principalOf(s);
      const form = await c.req.parseBody();
      await guardForm(c, s, form);
      const id = c.req.param('id') ?? '';
      const notes = { create: {} as AuditNote, submit: {} as AuditNote };
      try {
        const draft = await audited(c, p, notes.create, () =>
          service.submitUpload(
            p,
            id,
            { confirmRemoval: form.confirmRemoval === 'yes', pastDateReason: String(form.pastDateReason ?? '') },
            notes,
          ),
        );
        await record(c, p, notes.submit, 200);
        return c.redirect(`${WB}/drafts/${draft.id}`, 303);
      } catch (e) {
        const reason = reasonOf(e);
        if (reason === 'REMOVAL_NOT_CONFIRMED' || reason === 'PAST_DATE_REASON_REQUIRED') {
          const check = await service.recheck(p, id);
          return html(
            c,
            CheckPage({
              session: s,
              uscc: check.upload.unit,
              unitName: await unitName(check.upload.unit),
              check,
              error: (e as AppError).message,
            }),
            422,
          );
        }
        throw e;
      }
    }),
  );

  // ------------------------------------------------------------------ the unit's 抽查工作计划
  const plans = deps.plans;
  if (plans) {
    /** The plan pages are the editors' of the unit, as the API's plan import is (inspection.plan). */
    const guardPlans = async (p: Principal, u: string, note: AuditNote) => {
      service.workflow.guard(p, 'inspection.plan', { unit: u }, note);
      note.regionCode = await service.workflow.unitRegion(u);
      service.workflow.guard(p, 'inspection.plan', { unit: u, regionCode: note.regionCode }, note);
    };
    app.get(
      plansUrl(':uscc'),
      page(async (c) => {
        const s = await sessionOf(c);
        const u = uscc(c);
        await guardPlans(principalOf(s), u, {});
        return html(
          c,
          PlansPage({ session: s, uscc: u, unitName: await unitName(u), plans: await plans.listPlans(u) }),
        );
      }),
    );
    app.post(
      plansUrl(':uscc'),
      bodyLimit({ maxSize: UPLOAD_MAX }),
      page(async (c) => {
        const s = await sessionOf(c);
        const p = principalOf(s);
        const form = await c.req.parseBody();
        await guardForm(c, s, form);
        const u = uscc(c);
        const dryRun = form.intent !== 'import';
        const note: AuditNote = { action: 'inspection.plan', unit: u, target: 'inspection-plans' };
        const file = form.file;
        const shown = async (extra: Partial<Parameters<typeof PlansPage>[0]>, status: 200 | 400 | 422) =>
          html(
            c,
            PlansPage({ session: s, uscc: u, unitName: await unitName(u), plans: await plans.listPlans(u), ...extra }),
            status,
          );
        if (!(file instanceof File) || file.size === 0) return shown({ error: '请选择要上传的计划表文件' }, 400);
        const bytes = new Uint8Array(await file.arrayBuffer());
        const name = file.name || 'upload';
        // Checked first (nothing stored), so that a file with errors is shown with every error rather than refused.
        const check = await audited(c, p, note, async () => {
          await guardPlans(p, u, note);
          const read = await plans.importPlanFile(u, { bytes, name }, { dryRun: true });
          if (!dryRun && read.errors.length === 0) await plans.importPlanFile(u, { bytes, name });
          note.detail = { file: name, dryRun, errors: read.errors.length, plans: read.plans.map((x) => x.planId) };
          return read;
        });
        // A file with errors is kept for its marked copy, as a list upload is.
        const markedId = check.errors.length
          ? await service.keepPlanTable(p, u, plans.tableKind, name, bytes)
          : undefined;
        const marked = markedId ? { markedHref: `${plansUrl(u)}/uploads/${markedId}/marked.xlsx` } : {};
        return shown(
          { check, stored: !dryRun && check.errors.length === 0, ...marked },
          check.errors.length ? 422 : 200,
        );
      }),
    );
    app.get(
      `${plansUrl(':uscc')}/uploads/:id/marked.xlsx`,
      page(async (c) => {
        const s = await sessionOf(c);
        const p = principalOf(s);
        const u = uscc(c);
        await guardPlans(p, u, {});
        const errorsOf = async (bytes: Uint8Array, name: string) =>
          (await plans.importPlanFile(u, { bytes, name }, { dryRun: true })).errors;
        const marked = await service.markedPlanTable(p, c.req.param('id') ?? '', plans.tableKind, errorsOf);
        if (marked.unit !== u) throw new AppError('NOT_FOUND', '未找到该上传文件（可能已过期），请重新上传');
        c.header('Content-Type', XLSX_TYPE);
        c.header(
          'Content-Disposition',
          `attachment; filename="marked.xlsx"; filename*=UTF-8''${encodeURIComponent(marked.fileName)}`,
        );
        return c.body(marked.bytes as unknown as ArrayBuffer, 200);
      }),
    );
  }

  // ------------------------------------------------------------------ drafts and legal review
  const draftPage = async (c: Context, s: Session, error?: string, status: 200 | 409 | 422 = 200) => {
    const p = principalOf(s);
    const { draft, kind, diff } = await service.draftWithDiff(p, c.req.param('id') ?? '');
    const canReview =
      draft.status === 'submitted' &&
      s.roles.includes('reviewer') &&
      draft.createdBy !== p.sub &&
      draft.submittedBy !== p.sub;
    const canRevise = draft.status === 'rejected' && s.roles.includes('editor') && s.units.includes(draft.unit);
    return html(
      c,
      DraftPage({
        session: s,
        draft,
        kind,
        diff,
        grounds: service.grounds,
        canReview,
        canRevise,
        ...(error ? { error } : {}),
      }),
      status,
    );
  };

  app.get(
    `${WB}/drafts/:id`,
    page(async (c) => draftPage(c, await sessionOf(c))),
  );

  app.post(
    `${WB}/drafts/:id/review`,
    page(async (c) => {
      const s = await sessionOf(c);
      const p = principalOf(s);
      const form = await c.req.parseBody({ all: true });
      await guardForm(c, s, form);
      const decision = form.decision === 'approve' ? 'approve' : form.decision === 'reject' ? 'reject' : undefined;
      if (!decision) throw badRequest('请选择批准或退回', { reason: 'NO_DECISION' });
      const grounds = ([] as unknown[]).concat(form.grounds ?? []).map(String);
      const comment = String(form.comment ?? '').trim();
      const note: AuditNote = {};
      try {
        await audited(c, p, note, () =>
          service.review(p, c.req.param('id') ?? '', { decision, grounds, ...(comment ? { comment } : {}) }, note),
        );
      } catch (e) {
        if (e instanceof AppError && e.code === 'UNPROCESSABLE') return draftPage(c, s, e.message, 422);
        throw e;
      }
      return c.redirect(`${WB}/drafts/${c.req.param('id')}`, 303);
    }),
  );

  app.get(
    `${WB}/reviews`,
    page(async (c) => {
      const s = await sessionOf(c);
      const p = principalOf(s);
      const [queue, past] = await Promise.all([service.reviewQueue(p), service.pastReviews(p)]);
      return html(c, ReviewsPage({ session: s, kinds: listKinds, queue, past }));
    }),
  );

  // ------------------------------------------------------------------ administrator
  app.get(
    `${WB}/admin`,
    page(async (c) => {
      const s = await sessionOf(c);
      service.workflow.guard(principalOf(s), 'entity.draft', {}, {});
      const u = c.req.query('uscc')?.trim().toUpperCase();
      const record = u && checkUscc(u).valid ? await service.entityRecord(u) : undefined;
      const message = u && !record ? `未找到 ${u}，可在下方登记` : undefined;
      return html(c, AdminPage({ session: s, ...(record ? { record } : {}), ...(message ? { message } : {}) }));
    }),
  );

  app.post(
    `${WB}/admin/entities`,
    page(async (c) => {
      const s = await sessionOf(c);
      const p = principalOf(s);
      const form = await c.req.parseBody();
      await guardForm(c, s, form);
      const values: Record<string, string> = {};
      for (const col of entityKind.columns) {
        const v = String(form[col.key] ?? '').trim();
        if (v) values[col.key] = col.key === 'status' ? (v === '撤销' ? 'revoked' : v === '有效' ? 'active' : v) : v;
      }
      const effectiveFrom = String(form.effectiveFrom ?? '').trim();
      const documentNumber = normaliseDocumentNumber(String(form.documentNumber ?? '')) || undefined;
      const shown = { ...values, effectiveFrom, ...(documentNumber ? { documentNumber } : {}) };
      if (!isValidIsoDate(effectiveFrom))
        return html(c, AdminPage({ session: s, values: shown, message: '请填写施行日期（YYYY-MM-DD）' }), 400);
      const notes = { create: {} as AuditNote, submit: {} as AuditNote };
      const result = await audited(c, p, notes.create, async () => {
        const r = await service.submitEntity(
          p,
          values,
          { effectiveFrom, ...(documentNumber ? { documentNumber } : {}) },
          notes,
        );
        if (!r.draft)
          throw new AppError('UNPROCESSABLE', '执法主体信息有误', { reason: 'INVALID_ROWS', errors: r.errors });
        return r;
      }).catch((e: unknown) => {
        const errors = e instanceof AppError ? (e.details as { errors?: unknown[] } | undefined)?.errors : undefined;
        if (errors) return { errors: errors as never[] };
        throw e;
      });
      if (!('draft' in result) || !result.draft)
        return html(c, AdminPage({ session: s, values: shown, errors: result.errors }), 422);
      await record(c, p, notes.submit, 200);
      return c.redirect(`${WB}/drafts/${result.draft.id}`, 303);
    }),
  );

  // ------------------------------------------------------------------ administrator: role assignments
  const ASSIGNMENTS = `${WB}/admin/assignments`;
  const DONE: Record<string, string> = { granted: '已指派。', revoked: '已撤销指派。' };

  /** The page's tables: the assignments in force and the earlier grants still stored under a sign-in name. */
  const assignmentTables = async (p: Principal) => ({
    assignments: await service.assignmentsInRegion(p),
    legacy: await service.legacyAssignmentsInRegion(p),
  });

  app.get(
    ASSIGNMENTS,
    page(async (c) => {
      const s = await sessionOf(c);
      const message = DONE[c.req.query('done') ?? ''];
      return html(
        c,
        AssignmentsPage({ session: s, ...(await assignmentTables(principalOf(s))), ...(message ? { message } : {}) }),
      );
    }),
  );

  /** 迁移旧授权: the region's grants stored under a sign-in name move to the user's `sub`, or are dropped. */
  app.post(
    `${ASSIGNMENTS}/migrate`,
    page(async (c) => {
      const s = await sessionOf(c);
      const p = principalOf(s);
      await guardForm(c, s, await c.req.parseBody());
      const note: AuditNote = {};
      const report = await audited(c, p, note, () => service.migrateLegacyAssignments(p, note));
      return html(c, AssignmentsPage({ session: s, ...(await assignmentTables(p)), migration: report }));
    }),
  );

  /** An assignment change from a form: recorded whatever its outcome; a refusal shows the page again, unchanged. */
  const changeAssignment = (revoking: boolean) =>
    page(async (c) => {
      const s = await sessionOf(c);
      const p = principalOf(s);
      const form = await c.req.parseBody();
      await guardForm(c, s, form);
      const field = (k: string) => String(form[k] ?? '').trim();
      const role = field('role');
      const values: AssignmentForm = { userId: field('userId'), role, uscc: field('uscc'), region: field('region') };
      const scope = revoking ? field('scope') : role === 'editor' ? values.uscc! : values.region!;
      const note: AuditNote = {};
      try {
        if (!(ASSIGNABLE_ROLES as readonly string[]).includes(role))
          throw new AppError('UNPROCESSABLE', '请选择指派角色：填报人员、法制审核人员或审计人员', {
            reason: 'FORM_INCOMPLETE',
          });
        const input = { userId: values.userId!, role: role as AssignableRole, scope };
        await audited(c, p, note, () => (revoking ? service.revoke(p, input, note) : service.assign(p, input, note)));
      } catch (e) {
        if (!(e instanceof AppError) || statusOf(e) >= 500 || reasonOf(e) === 'ROLE') throw e;
        return html(
          c,
          AssignmentsPage({
            session: s,
            ...(await assignmentTables(p)),
            error: e.message,
            ...(revoking ? {} : { values }),
          }),
          statusOf(e) as 403,
        );
      }
      return c.redirect(`${ASSIGNMENTS}?done=${revoking ? 'revoked' : 'granted'}`, 303);
    });

  app.post(ASSIGNMENTS, changeAssignment(false));
  app.post(`${ASSIGNMENTS}/revoke`, changeAssignment(true));

  // ------------------------------------------------------------------ auditor
  app.get(
    `${WB}/audit`,
    page(async (c) => {
      const s = await sessionOf(c);
      const p = principalOf(s);
      const q = c.req.query();
      const date = (v: string | undefined) => (v && isValidIsoDate(v) ? v : undefined);
      const fromDate = date(q.from);
      const toDate = date(q.to);
      const unit = q.unit?.trim().toUpperCase() || undefined;
      if (unit && !checkUscc(unit).valid) throw badRequest('统一社会信用代码格式不正确', { unit });
      const filter = {
        ...(unit ? { unit } : {}),
        ...(q.actor?.trim() ? { actor: q.actor.trim() } : {}),
        ...(q.action ? { action: q.action } : {}),
        ...(q.outcome ? { outcome: q.outcome } : {}),
        ...(fromDate ? { from: new Date(`${fromDate}T00:00:00+08:00`).toISOString(), fromDate } : {}),
        ...(toDate ? { to: new Date(`${toDate}T23:59:59.999+08:00`).toISOString(), toDate } : {}),
      };
      const records = await service.auditTrail(p, filter, {});
      if (q.format === 'csv' || q.format === 'xlsx') {
        const rows = exportRows(records);
        if (q.format === 'csv') {
          const { stringify } = await import('csv-stringify/sync');
          c.header('Content-Type', 'text/csv; charset=utf-8');
          c.header(
            'Content-Disposition',
            `attachment; filename="audit.csv"; filename*=UTF-8''${encodeURIComponent('全过程记录.csv')}`,
          );
          return c.body(`\ufeff${stringify([[...AUDIT_COLUMNS], ...rows], { record_delimiter: 'windows' })}`, 200);
        }
        const wb = new (await loadExcel()).Workbook();
        const ws = wb.addWorksheet('全过程记录');
        ws.addRow([...AUDIT_COLUMNS]);
        for (const r of rows) ws.addRow(r);
        c.header('Content-Type', XLSX_TYPE);
        c.header(
          'Content-Disposition',
          `attachment; filename="audit.xlsx"; filename*=UTF-8''${encodeURIComponent('全过程记录.xlsx')}`,
        );
        return c.body((await wb.xlsx.writeBuffer()) as ArrayBuffer, 200);
      }
      let asKnown: AsKnown | undefined;
      const listUnit = q.listUnit?.trim().toUpperCase();
      const kind = q.kind ? findKind(q.kind) : undefined;
      if (listUnit && kind && q.at && q.asOf) {
        const at = q.at;
        const asOfIso = new Date(`${q.asOf.length === 16 ? `${q.asOf}:00` : q.asOf}+08:00`);
        asKnown = { uscc: listUnit, kind, at, asOf: q.asOf, items: [] };
        if (!isValidIsoDate(at) || Number.isNaN(asOfIso.getTime())) asKnown.error = '请填写有效的生效日期与所知时刻';
        else {
          try {
            const list = await service.listAsKnown(p, listUnit, kind.id, at, asOfIso.toISOString());
            asKnown.version = list.meta.version;
            asKnown.items = list.items;
          } catch (e) {
            if (!(e instanceof AppError) || statusOf(e) >= 500) throw e;
            asKnown.error = e.message;
          }
        }
      }
      const checkpoint = await deps.latestCheckpoint?.();
      // An auditor sees the regions under their prefix; a principal covering no region sees none.
      const verifications = p.regionPrefix === undefined ? [] : await deps.lastVerifications?.(p.regionPrefix);
      return html(
        c,
        AuditPage({
          session: s,
          filter,
          records,
          kinds: listKinds,
          ...(asKnown ? { asKnown } : {}),
          ...(checkpoint ? { checkpoint } : {}),
          ...(verifications ? { verifications } : {}),
        }),
      );
    }),
  );
}

/** Only paths inside the workbench are followed after sign-in (no open redirect). */
function safeNext(next: string | undefined): string | undefined {
  if (!next || !next.startsWith(`${WB}`) || next.startsWith('//') || next.includes('\\')) return undefined;
  return next;
}
