/**
 * Public reads of the transparency log : checkpoints, the signing key,
 * C2SP tlog-tiles (hash tiles and entry bundles), inclusion and consistency
 * proofs, and item presence/absence proofs for one version. Everything served
 * here is checkable against a signed checkpoint, so none of it needs trust.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError, badRequest, notFound } from '../../core/errors.js';
import { entityKind } from '../../core/kinds/index.js';
import { parseCheckpoint, type Checkpoint } from './model/checkpoint.js';
import { leafHash, toBase64 } from './model/hash.js';
import { buildItemsTree, normaliseItemQuery, proveItem } from './model/items.js';
import { leafIndexFor } from '../../core/leaf-ranges.js';
import { encodeEntryBundle, encodeTile, parseTileIndex, TILE_WIDTH, tileWidth } from './model/tiles.js';
import type { Registry } from '../lists/index.js';
import { LedgerStore, type LogState, type StoredCheckpoint } from './ledger-store.js';
import type { AppEnv } from '../../platform/http/app-env.js';
import { IMMUTABLE } from '../../platform/http/caching.js';
import { errorResponses, KindParam, UsccParam } from '../../platform/http/schemas.js';

const LATEST = 'public, max-age=10';
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const text = (description: string) => ({ description, content: { 'text/plain': { schema: z.string() } } });
const binary = (description: string) => ({
  description,
  content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
});

const Count = (name: string, description: string, example: number) =>
  z.coerce
    .number({ error: `${name} 应为非负整数` })
    .int(`${name} 应为非负整数`)
    .nonnegative(`${name} 应为非负整数`)
    .max(Number.MAX_SAFE_INTEGER)
    .openapi({ description, example });

const Base64Hashes = z.array(z.string()).openapi({ description: 'SHA-256 hashes, base64, in RFC 9162 order' });

const InclusionProof = z
  .object({
    index: z.number(),
    size: z.number(),
    leafHash: z
      .string()
      .optional()
      .openapi({ description: 'base64; given when the leaf is named by unit/kind/version' }),
    leaf: z
      .string()
      .optional()
      .openapi({ description: 'the logged leaf (RFC 8785 JSON), when named by unit/kind/version' }),
    proof: Base64Hashes,
    checkpoint: z.string().optional().openapi({ description: 'the signed checkpoint (C2SP signed note) for `size`' }),
  })
  .openapi('InclusionProof');

const ItemPath = z.object({ index: z.number(), item: z.record(z.string(), z.unknown()), proof: Base64Hashes });

const decodeBody = (note: string) => note.slice(0, note.lastIndexOf('\n\n') + 1);

export function registerLedgerRoutes(app: OpenAPIHono<AppEnv>, registry: Registry): void {
  const ledger = new LedgerStore(registry.store.client, registry.store.tableName, registry.store.clock);

  const latestOrThrow = async (): Promise<StoredCheckpoint & { parsed: Checkpoint }> => {
    const latest = await ledger.latestCheckpoint();
    if (!latest) throw notFound('透明日志尚无已签名的检查点', { reason: 'EMPTY_LOG' });
    return { ...latest, parsed: parseCheckpoint(decodeBody(latest.note)) };
  };

  /** The committed state, and the size a proof is for (default: the latest signed checkpoint). */
  const sizeFor = async (size: number | undefined): Promise<{ state: LogState; size: number; checkpoint?: string }> => {
    const [state, latest] = await Promise.all([
      ledger.readState(true),
      size === undefined ? latestOrThrow() : undefined,
    ]);
    const target = size ?? latest!.size;
    if (target > state.size)
      throw notFound(`透明日志当前仅有 ${state.size} 条记录`, { size: target, logSize: state.size });
    const checkpoint = latest?.note ?? (await ledger.getCheckpoint(target))?.note;
    return { state, size: target, ...(checkpoint ? { checkpoint } : {}) };
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/ledger/checkpoint',
      tags: ['ledger'],
      summary: '最新检查点 — the latest signed checkpoint (C2SP tlog-checkpoint in a signed note)',
      responses: { 200: text('signed checkpoint'), ...errorResponses },
    }),
    async (c) => {
      const latest = await latestOrThrow();
      c.header('Cache-Control', LATEST);
      return c.text(latest.note, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/ledger/checkpoint/{size}',
      tags: ['ledger'],
      summary: '某一规模的检查点 — the checkpoint signed for a tree size (every one is kept)',
      request: {
        params: z.object({
          size: z.coerce
            .number({ error: 'size 应为非负整数' })
            .int('size 应为非负整数')
            .nonnegative('size 应为非负整数')
            .openapi({ param: { name: 'size', in: 'path', required: true }, example: 58 }),
        }),
      },
      responses: { 200: text('signed checkpoint'), ...errorResponses },
    }),
    async (c) => {
      const { size } = c.req.valid('param');
      const cp = await ledger.getCheckpoint(size);
      if (!cp) throw notFound('未找到该规模的检查点', { size });
      c.header('Cache-Control', IMMUTABLE);
      return c.text(cp.note, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/ledger/key',
      tags: ['ledger'],
      summary: '日志公钥 — the log origin and its Ed25519 checkpoint-signing key',
      responses: {
        200: json(
          z
            .object({
              origin: z.string(),
              algorithm: z.literal('Ed25519'),
              publicKey: z.string().openapi({ description: 'raw 32-byte public key, base64' }),
              keyId: z.string().openapi({ description: 'first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key), hex' }),
              vkey: z
                .string()
                .openapi({ description: 'C2SP signed-note verifier key: <name>+<key id>+<base64(0x01 ‖ key)>' }),
            })
            .openapi('LedgerKey'),
          'the signing key',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const key = await ledger.getKey();
      if (!key) throw notFound('透明日志尚未发布签名公钥', { reason: 'EMPTY_LOG' });
      c.header('Cache-Control', 'public, max-age=3600');
      return c.json(
        {
          origin: key.origin,
          algorithm: 'Ed25519' as const,
          publicKey: key.publicKey,
          keyId: key.keyId,
          vkey: key.vkey,
        },
        200,
      );
    },
  );

  const tileParams = z.object({
    path: z.string().openapi({
      param: { name: 'path', in: 'path' },
      description: 'N as x001/x234/067, optionally .p/W',
      example: '000.p/58',
    }),
  });
  const parseOrThrow = (path: string) => {
    const parsed = parseTileIndex(path);
    if (!parsed) throw badRequest('瓦片路径不符合 tlog-tiles 编码', { path });
    return parsed;
  };
  const tileResponse = (c: Context, bytes: Uint8Array) => {
    c.header('Cache-Control', IMMUTABLE);
    c.header('Content-Type', 'application/octet-stream');
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200);
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/ledger/tile/entries/{path{.+}}',
      tags: ['ledger'],
      summary: '日志条目包 — entry bundle N (each leaf as uint16 length + bytes)',
      request: { params: tileParams },
      responses: { 200: binary('entry bundle'), ...errorResponses },
    }),
    async (c) => {
      const { index, width } = parseOrThrow(c.req.param('path'));
      const state = await ledger.readState(true);
      const available = Math.max(0, Math.min(TILE_WIDTH, state.size - index * TILE_WIDTH));
      const want = width ?? TILE_WIDTH;
      if (available < want) throw notFound('该条目包尚不存在', { index, width: want, available });
      const entries = await ledger.readEntryBundle(index, want);
      const enc = new TextEncoder();
      return tileResponse(c, encodeEntryBundle(entries.map((e) => enc.encode(e))));
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/ledger/tile/{L{[0-9]+}}/{path{.+}}',
      tags: ['ledger'],
      summary: '哈希瓦片 — hash tile N of level L (256 hashes, or W of a partial tile)',
      request: {
        params: z.object({
          L: z.string().openapi({ param: { name: 'L', in: 'path' }, example: '0' }),
          path: tileParams.shape.path,
        }),
      },
      responses: { 200: binary('hash tile'), ...errorResponses },
    }),
    async (c) => {
      const level = Number(c.req.param('L'));
      if (!Number.isInteger(level) || level > 7) throw badRequest('瓦片层级无效', { level });
      const { index, width } = parseOrThrow(c.req.param('path'));
      const state = await ledger.readState(true);
      const want = width ?? TILE_WIDTH;
      const available = tileWidth({ level, index }, state.size);
      if (available < want) throw notFound('该瓦片尚不存在', { level, index, width: want, available });
      const tiles = await ledger.readTiles([{ level, index, width: want }], state);
      return tileResponse(c, encodeTile(tiles.get(`${level}/${index}`)!));
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/ledger/proof/inclusion',
      tags: ['ledger'],
      summary: '包含证明 — a leaf (by index, or by unit/kind/version) is in the tree of `size`',
      request: {
        query: z.object({
          index: Count('index', 'leaf index', 0).optional(),
          unit: UsccParam.optional().openapi({ param: { name: 'unit', in: 'query' } }),
          kind: z.string().optional().openapi({ example: 'no-penalty' }),
          version: Count('version', 'version number', 1).optional(),
          size: Count('size', 'tree size; default the latest checkpoint', 58).optional(),
          leaf: z
            .enum(['true'])
            .optional()
            .openapi({ description: 'also serve the leaf itself (always served when asked by unit/kind/version)' }),
        }),
      },
      responses: { 200: json(InclusionProof, 'the proof'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      let index = q.index;
      if (q.unit !== undefined || q.kind !== undefined || q.version !== undefined) {
        if (index !== undefined || !q.unit || !q.kind || !q.version)
          throw badRequest('请给出 index，或同时给出 unit、kind 与 version');
        index = await leafIndexOf(registry, q.unit, q.kind, q.version);
      }
      if (index === undefined) throw badRequest('请给出 index，或同时给出 unit、kind 与 version');
      const { state, size, checkpoint } = await sizeFor(q.size);
      if (index >= size)
        throw notFound(`第 ${index} 条记录不在规模为 ${size} 的树中`, { index, size, reason: 'NOT_YET_IN_CHECKPOINT' });
      const [proof, leaf] = await Promise.all([
        ledger.inclusionProof(index, size, state),
        q.unit || q.leaf ? ledger.readEntry(index) : undefined,
      ]);
      c.header('Cache-Control', q.size !== undefined ? IMMUTABLE : LATEST);
      return c.json(
        {
          index,
          size,
          ...(leaf !== undefined ? { leaf, leafHash: toBase64(leafHash(leaf)) } : {}),
          proof: proof.map(toBase64),
          ...(checkpoint ? { checkpoint } : {}),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/ledger/proof/consistency',
      tags: ['ledger'],
      summary: '一致性证明 — the tree of size `from` is a prefix of the tree of size `to`',
      request: {
        query: z.object({
          from: Count('from', 'earlier tree size', 40),
          to: Count('to', 'later tree size; default the latest checkpoint', 58).optional(),
        }),
      },
      responses: {
        200: json(
          z
            .object({ from: z.number(), to: z.number(), proof: Base64Hashes, checkpoint: z.string().optional() })
            .openapi('ConsistencyProof'),
          'the proof',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { state, size, checkpoint } = await sizeFor(q.to);
      if (q.from > size) throw badRequest('from 不得大于 to', { from: q.from, to: size });
      const proof = await ledger.consistencyProof(q.from, size, state);
      c.header('Cache-Control', q.to !== undefined ? IMMUTABLE : LATEST);
      return c.json({ from: q.from, to: size, proof: proof.map(toBase64), ...(checkpoint ? { checkpoint } : {}) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units/{uscc}/lists/{kind}/versions/{n}/proof',
      tags: ['ledger'],
      summary:
        '事项证明 — an item is in (or, by its two neighbours, not in) a version, with the version’s ' +
        'inclusion proof and checkpoint',
      request: {
        params: z.object({
          uscc: UsccParam,
          kind: KindParam,
          n: z.coerce
            .number({ error: '版本号应为正整数' })
            .int('版本号应为正整数')
            .positive('版本号应为正整数')
            .openapi({ param: { name: 'n', in: 'path' }, example: 1 }),
        }),
        query: z.object({
          item: z
            .string()
            .min(1)
            .max(300)
            .openapi({ description: 'item identity (code:…, key:…) or its 事项编码', example: 'BY-210900-02-001' }),
        }),
      },
      responses: {
        200: json(
          z
            .object({
              unit: z.string(),
              kind: z.string(),
              version: z.number(),
              item: z.string(),
              present: z.boolean(),
              found: ItemPath.optional(),
              left: ItemPath.optional(),
              right: ItemPath.optional(),
              itemCount: z.number(),
              itemsRoot: z.string(),
              leafIndex: z.number(),
              leaf: z.string(),
              inclusion: z.object({ size: z.number(), proof: Base64Hashes }),
              checkpoint: z.string(),
            })
            .openapi('ItemProof'),
          'the proof',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { uscc, kind, n } = c.req.valid('param');
      const def = kind === entityKind.id ? entityKind : registry.requireListKind(kind);
      const id = normaliseItemQuery(c.req.valid('query').item);
      const { meta, items } = await registry.getVersion(uscc, kind, n);
      const leafIndex = meta.leafIndex;
      if (leafIndex === undefined)
        throw notFound('该版本尚未写入透明日志，请稍后再试', {
          reason: 'NOT_YET_LOGGED',
          unit: uscc,
          kind,
          version: n,
        });
      const { state, size, checkpoint } = await sizeFor(undefined);
      if (leafIndex >= size)
        throw notFound('该版本尚未包含在最新检查点中，请稍后再试', {
          reason: 'NOT_YET_IN_CHECKPOINT',
          leafIndex,
          size,
        });
      const tree = buildItemsTree(def, items);
      const [proof, leaf] = await Promise.all([
        ledger.inclusionProof(leafIndex, size, state),
        ledger.readEntry(leafIndex),
      ]);
      if (leaf === undefined) throw new Error(`log entry ${leafIndex} is missing`);
      const itemProof = proveItem(tree, id);
      c.header('Cache-Control', LATEST);
      return c.json(
        {
          unit: uscc,
          kind: def.id,
          version: n,
          item: id,
          ...itemProof,
          itemCount: items.length,
          itemsRoot: Buffer.from(tree.root).toString('hex'),
          leafIndex,
          leaf,
          inclusion: { size, proof: proof.map(toBase64) },
          checkpoint: checkpoint!,
        },
        200,
      );
    },
  );
}

/** The leaf index of a version, from its stream head. */
async function leafIndexOf(registry: Registry, uscc: string, kind: string, version: number): Promise<number> {
  if (kind !== entityKind.id) registry.requireListKind(kind);
  const head = await registry.store.getHead(uscc, kind);
  if (!head) throw notFound('未找到该清单', { unit: uscc, kind });
  if (!head.timeline.some((e) => e.version === version))
    throw notFound(`未找到第${version}版`, { unit: uscc, kind, version });
  const index = leafIndexFor(head.leafRanges, head.loggedVersion, version);
  if (index === undefined)
    throw new AppError('NOT_FOUND', '该版本尚未写入透明日志，请稍后再试', {
      reason: 'NOT_YET_LOGGED',
      unit: uscc,
      kind,
      version,
    });
  return index;
}
