/**
 * The transparency log in the table .
 *
 * - LOG/STATE: size, root, the right edge (partial tiles of every level), the
 *   previous run's head marks and the sequencer's lease. It is the commit point:
 *   one UpdateItem with a compare-and-set on the size, under the lease.
 * - Full tiles (256 hashes) and entries are written before the state moves.
 *   They are read only up to the committed size, so what a crashed or losing run
 *   wrote beyond it is never served, and the next run overwrites it.
 * - Checkpoints are stored by size with a conditional put: one per size, ever.
 *
 * Appending k leaves writes k entries (in batches of 25), the tiles that became
 * full (about k/256 + k/65536 …), the state once, and one mark per stream.
 * A proof reads the state and the few full tiles its nodes lie in (one BatchGetItem).
 */
import {
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { conditionalWrite } from '../../platform/dynamodb/conditional.js';
import { fromBase64, toBase64, type Hash } from './model/hash.js';
import type { TreeEdge, FullTile } from './model/edge.js';
import { decodeTile, encodeTile, hashesAtLevel, TILE_WIDTH, type TileId } from './model/tiles.js';
import {
  planConsistency,
  planInclusion,
  planRoot,
  proofFromTiles,
  tileKey,
  type ProofPlan,
} from './model/tile-proofs.js';
import { batchWriteAll } from '../../platform/dynamodb/batch.js';
import { listKeys } from '../lists/index.js';
import { ledgerKeys } from './keys.js';
import { headFromItem, type StreamHead } from '../lists/index.js';
import { batchGetAll } from '../../platform/dynamodb/batch.js';
import { queryAll } from '../../platform/dynamodb/query.js';
import { logEventKeys } from './log-events.js';

/** One stream's versions logged by a run: versions from…to sit at leaves firstLeaf… in order. */
export interface HeadMark {
  uscc: string;
  stream: string;
  from: number;
  to: number;
  firstLeaf: number;
}

/** One queued event (./log-events.ts) logged by a run, at leaf `leaf`. */
export interface EventMark {
  event: { pk: string; sk: string };
  leaf: number;
  /** The sequencer's time in a draw leaf (`loggedAt`), kept on the event so its feature reads it in one GetItem. */
  loggedAt?: string;
}

/** What a run logged, replayed by the next run when a crash came between its commit and its marks. */
export type LogMark = HeadMark | EventMark;

export interface LogState {
  size: number;
  root: Hash;
  edge: TreeEdge;
  lastBatch: LogMark[];
  lease?: string;
  leaseUntil?: number;
}

export interface StoredCheckpoint {
  size: number;
  note: string;
}

export interface LogKeyRecord {
  origin: string;
  /** base64 of the raw 32-byte Ed25519 public key. */
  publicKey: string;
  keyId: string;
  vkey: string;
}

export interface PendingHead {
  uscc: string;
  stream: string;
  ledgerSk: string;
}

const NAMES_LEASE = { '#lease': 'lease', '#until': 'leaseUntil' };
const NAMES_HEAD = { '#v': 'version', '#logged': 'loggedVersion', '#ranges': 'leafRanges' };
const EMPTY_ROOT_B64 = '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';

function stateFromItem(raw: Record<string, AttributeValue> | undefined): LogState {
  if (!raw) return { size: 0, root: fromBase64(EMPTY_ROOT_B64), edge: { size: 0, tiles: [] }, lastBatch: [] };
  const item = unmarshall(raw);
  const size = Number(item.treeSize ?? 0);
  const tiles = ((item.edge ? JSON.parse(item.edge) : []) as string[]).map((b) => decodeTile(fromBase64(b)));
  return {
    size,
    root: fromBase64(item.root ?? EMPTY_ROOT_B64),
    edge: { size, tiles },
    lastBatch: item.lastBatch ? JSON.parse(item.lastBatch) : [],
    ...(item.lease ? { lease: item.lease, leaseUntil: item.leaseUntil } : {}),
  };
}

export class LeaseLostError extends Error {
  constructor() {
    super('the ledger sequencer lost its lease; another run commits instead');
  }
}

export class LedgerStore {
  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
    /** The clock leases and signing times are read from (injected, like the stream store's). */
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private stateKey() {
    return marshall({ pk: ledgerKeys.logPk, sk: ledgerKeys.logState });
  }

  // ------------------------------------------------------------------ state and lease
  async readState(consistent = true): Promise<LogState> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: this.stateKey(), ConsistentRead: consistent }),
    );
    return stateFromItem(out.Item);
  }

  /**
   * Takes the sequencer lease (or renews our own); undefined while another run holds it. `replacing` names a
   * holder known to be gone (./lease-owners.ts): the lease is taken from it, and only from it, before it expires.
   */
  async acquireLease(
    owner: string,
    leaseMs: number,
    options: { now?: number; replacing?: string } = {},
  ): Promise<LogState | undefined> {
    const now = options.now ?? this.clock().getTime();
    const values: Record<string, unknown> = { ':o': owner, ':u': now + leaseMs, ':now': now };
    let condition = 'attribute_not_exists(#until) OR #until < :now OR #lease = :o';
    if (options.replacing !== undefined) {
      condition += ' OR #lease = :gone';
      values[':gone'] = options.replacing;
    }
    const out = await conditionalWrite(
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: this.stateKey(),
          UpdateExpression: 'SET #lease = :o, #until = :u',
          ConditionExpression: condition,
          ExpressionAttributeNames: NAMES_LEASE,
          ExpressionAttributeValues: marshall(values),
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return out && stateFromItem(out.Attributes);
  }

  async releaseLease(owner: string): Promise<void> {
    // Refused when the lease has already passed to another run: nothing of ours is left to release.
    await conditionalWrite(
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: this.stateKey(),
          UpdateExpression: 'REMOVE #lease, #until',
          ConditionExpression: '#lease = :o',
          ExpressionAttributeNames: NAMES_LEASE,
          ExpressionAttributeValues: marshall({ ':o': owner }),
        }),
      ),
    );
  }

  /** The commit: moves the state from `previousSize` to the new edge, only while we hold the lease. */
  async commit(
    owner: string,
    previousSize: number,
    next: { edge: TreeEdge; root: Hash; lastBatch: LogMark[] },
    leaseMs: number,
  ): Promise<LogState> {
    const values: Record<string, unknown> = {
      ':o': owner,
      ':n': next.edge.size,
      ':r': toBase64(next.root),
      ':e': JSON.stringify(next.edge.tiles.map((t) => toBase64(encodeTile(t)))),
      ':b': JSON.stringify(next.lastBatch),
      ':u': this.clock().getTime() + leaseMs,
      ':t': this.clock().toISOString(),
    };
    let condition = '#lease = :o AND attribute_not_exists(#size)';
    if (previousSize > 0) {
      condition = '#lease = :o AND #size = :prev';
      values[':prev'] = previousSize;
    }
    const committed = await conditionalWrite(
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: this.stateKey(),
          UpdateExpression: 'SET #size = :n, #root = :r, #edge = :e, #batch = :b, #until = :u, #at = :t',
          ConditionExpression: condition,
          ExpressionAttributeNames: {
            ...NAMES_LEASE,
            '#size': 'treeSize',
            '#root': 'root',
            '#edge': 'edge',
            '#batch': 'lastBatch',
            '#at': 'updatedAt',
          },
          ExpressionAttributeValues: marshall(values),
        }),
      ),
    );
    if (!committed) throw new LeaseLostError();
    return { size: next.edge.size, root: next.root, edge: next.edge, lastBatch: next.lastBatch, lease: owner };
  }

  // ------------------------------------------------------------------ entries and tiles
  async writeEntries(firstIndex: number, leaves: readonly string[]): Promise<void> {
    await batchWriteAll(
      this.client,
      this.tableName,
      leaves.map((d, i) => {
        const index = firstIndex + i;
        return {
          PutRequest: {
            Item: marshall({
              pk: ledgerKeys.logEntryBundle(Math.floor(index / TILE_WIDTH)),
              sk: ledgerKeys.logEntry(index % TILE_WIDTH),
              d,
            }),
          },
        };
      }),
    );
  }

  async writeTiles(tiles: readonly FullTile[]): Promise<void> {
    await batchWriteAll(
      this.client,
      this.tableName,
      tiles.map((t) => ({
        PutRequest: {
          Item: marshall({
            pk: ledgerKeys.logTile(t.tile.level, t.tile.index),
            sk: ledgerKeys.logTileSk,
            h: encodeTile(t.hashes),
          }),
        },
      })),
    );
  }

  /**
   * Committed hashes of tiles, each cut to the width asked. A tile left of the
   * state's edge is full and read from its item; the edge tile of its level is in the state.
   */
  async readTiles(tiles: ReadonlyArray<TileId & { width: number }>, state: LogState): Promise<Map<string, Hash[]>> {
    const out = new Map<string, Hash[]>();
    const full: Array<TileId & { width: number }> = [];
    for (const t of tiles) {
      if (t.width <= 0 || t.width > TILE_WIDTH) throw new Error(`tile ${tileKey(t)} has no hashes at this size`);
      const partialIndex = Math.floor(hashesAtLevel(t.level, state.size) / TILE_WIDTH);
      if (t.index > partialIndex) throw new Error(`tile ${tileKey(t)} is beyond the log`);
      if (t.index < partialIndex) full.push(t);
      else {
        const row = state.edge.tiles[t.level] ?? [];
        if (row.length < t.width) throw new Error(`tile ${tileKey(t)} is beyond the log`);
        out.set(tileKey(t), row.slice(0, t.width));
      }
    }
    if (full.length > 0) {
      const items = await this.batchGet(
        full.map((t) => ({ pk: ledgerKeys.logTile(t.level, t.index), sk: ledgerKeys.logTileSk })),
      );
      for (const t of full) {
        const item = items.get(ledgerKeys.logTile(t.level, t.index));
        if (!item) throw new Error(`full tile ${tileKey(t)} is missing from the table`);
        const hashes = decodeTile(new Uint8Array(item.h as Uint8Array));
        if (hashes.length < t.width) throw new Error(`full tile ${tileKey(t)} is short`);
        out.set(tileKey(t), hashes.slice(0, t.width));
      }
    }
    return out;
  }

  /** BatchGetItem by (pk, sk); eventually consistent first, then consistent for what is missing. */
  private async batchGet(keyList: Array<{ pk: string; sk: string }>): Promise<Map<string, Record<string, unknown>>> {
    const found = new Map<string, Record<string, unknown>>();
    for (const consistent of [false, true]) {
      const wanted = keyList.filter((k) => !found.has(k.pk)).map((k) => marshall(k));
      for (const raw of await batchGetAll(this.client, this.tableName, wanted, { consistent })) {
        const item = unmarshall(raw);
        found.set(item.pk, item);
      }
      if (found.size === keyList.length) break;
    }
    return found;
  }

  /** Entries of bundle `bundle`, the first `width` of them (leaf texts). */
  async readEntryBundle(bundle: number, width: number): Promise<string[]> {
    const read = async (consistent: boolean) =>
      (
        await queryAll(this.client, {
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk <= :last',
          ExpressionAttributeValues: marshall({
            ':pk': ledgerKeys.logEntryBundle(bundle),
            ':last': ledgerKeys.logEntry(width - 1),
          }),
          ConsistentRead: consistent,
        })
      ).map((raw) => raw.d!.S!);
    let entries = await read(false);
    if (entries.length < width) entries = await read(true);
    if (entries.length < width) throw new Error(`entry bundle ${bundle} has ${entries.length} of ${width} entries`);
    return entries;
  }

  async readEntry(index: number): Promise<string | undefined> {
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall({
          pk: ledgerKeys.logEntryBundle(Math.floor(index / TILE_WIDTH)),
          sk: ledgerKeys.logEntry(index % TILE_WIDTH),
        }),
        ConsistentRead: true,
      }),
    );
    return out.Item?.d?.S;
  }

  // ------------------------------------------------------------------ proofs
  private async prove(plan: ProofPlan, state: LogState): Promise<Hash[]> {
    return proofFromTiles(plan, await this.readTiles(plan.tiles, state));
  }

  async inclusionProof(index: number, size: number, state: LogState): Promise<Hash[]> {
    return this.prove(planInclusion(index, size), state);
  }

  async consistencyProof(from: number, to: number, state: LogState): Promise<Hash[]> {
    return this.prove(planConsistency(from, to), state);
  }

  /** The root of the tree at an earlier size, from tiles. */
  async rootAt(size: number, state: LogState): Promise<Hash> {
    if (size === state.size) return state.root;
    const plan = planRoot(size);
    const [root] = await this.prove(plan, state);
    return root ?? fromBase64(EMPTY_ROOT_B64);
  }

  // ------------------------------------------------------------------ checkpoints and key
  /** Stores a signed checkpoint; false when one for this size already exists (never replaced). */
  async putCheckpoint(size: number, note: string): Promise<boolean> {
    const stored = await conditionalWrite(
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({
            pk: ledgerKeys.logPk,
            sk: ledgerKeys.logCheckpoint(size),
            size,
            note,
            signedAt: this.clock().toISOString(),
          }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return stored !== undefined;
  }

  async getCheckpoint(size: number, consistent = false): Promise<StoredCheckpoint | undefined> {
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall({ pk: ledgerKeys.logPk, sk: ledgerKeys.logCheckpoint(size) }),
        ConsistentRead: consistent,
      }),
    );
    return out.Item ? { size: Number(out.Item.size!.N), note: out.Item.note!.S! } : undefined;
  }

  async latestCheckpoint(consistent = false): Promise<StoredCheckpoint | undefined> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :cp)',
        ExpressionAttributeValues: marshall({ ':pk': ledgerKeys.logPk, ':cp': ledgerKeys.logCheckpointPrefix }),
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: consistent,
      }),
    );
    const item = out.Items?.[0];
    return item ? { size: Number(item.size!.N), note: item.note!.S! } : undefined;
  }

  async getKey(): Promise<LogKeyRecord | undefined> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall({ pk: ledgerKeys.logPk, sk: ledgerKeys.logKey }) }),
    );
    if (!out.Item) return undefined;
    const { origin, publicKey, keyId, vkey } = unmarshall(out.Item);
    return { origin, publicKey, keyId, vkey };
  }

  /** Publishes the signing key once; refuses a different key (rotation would need a new origin). */
  async putKey(record: LogKeyRecord): Promise<void> {
    const published = await conditionalWrite(
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({ pk: ledgerKeys.logPk, sk: ledgerKeys.logKey, ...record }),
          ConditionExpression: 'attribute_not_exists(pk) OR vkey = :v',
          ExpressionAttributeValues: marshall({ ':v': record.vkey }),
        }),
      ),
    );
    if (!published) {
      throw new Error('the ledger signing key differs from the key already published for this log; refusing to sign');
    }
  }

  // ------------------------------------------------------------------ heads
  /** Heads with unlogged versions, oldest first publication first (the sparse ledger-pending index). */
  async pendingHeads(limit: number): Promise<PendingHead[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: listKeys.ledgerPendingIndex.name,
        KeyConditionExpression: 'ledgerPk = :p',
        ExpressionAttributeValues: marshall({ ':p': listKeys.ledgerPendingIndex.pk }),
        ScanIndexForward: true,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((raw) => {
      const item = unmarshall(raw);
      return { uscc: item.uscc, stream: item.stream, ledgerSk: item.ledgerSk };
    });
  }

  /** Heads read strongly: the index is eventually consistent, the head decides what is still unlogged. */
  async readHeads(list: ReadonlyArray<{ uscc: string; stream: string }>): Promise<StreamHead[]> {
    const keys = list.map((h) => marshall({ pk: listKeys.unit(h.uscc), sk: listKeys.head(h.stream) }));
    return (await batchGetAll(this.client, this.tableName, keys, { consistent: true })).map(headFromItem);
  }

  /**
   * Records on the head that versions from…to are logged, idempotently (a re-run
   * after a crash replays the marks). If the head still is at `to`, it leaves the
   * pending index; if it moved on meanwhile, it stays pending for the newer
   * versions (its ledgerSk keeps the older time, so it is picked up first).
   */
  async markHead(mark: HeadMark): Promise<void> {
    const key = marshall({ pk: listKeys.unit(mark.uscc), sk: listKeys.head(mark.stream) });
    const values = marshall({ ':to': mark.to, ':r': [[mark.from, mark.firstLeaf]], ':empty': [] });
    const notYet = '(attribute_not_exists(#logged) OR #logged < :to)';
    const set = 'SET #logged = :to, #ranges = list_append(if_not_exists(#ranges, :empty), :r)';
    const markedAtHead = await conditionalWrite(
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `${set} REMOVE #lpk, #lsk`,
          ConditionExpression: `#v = :to AND ${notYet}`,
          ExpressionAttributeNames: { ...NAMES_HEAD, '#lpk': 'ledgerPk', '#lsk': 'ledgerSk' },
          ExpressionAttributeValues: values,
        }),
      ),
    );
    if (markedAtHead) return;
    // Refused as well when an earlier run already marked these versions.
    await conditionalWrite(
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: set,
          ConditionExpression: `#v > :to AND ${notYet}`,
          ExpressionAttributeNames: NAMES_HEAD,
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  /** Takes a head out of the pending index when everything it has is logged (stale flag). */
  async clearPending(uscc: string, stream: string, version: number): Promise<void> {
    // Refused when the head moved on meanwhile: it stays pending for its newer versions.
    await conditionalWrite(
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall({ pk: listKeys.unit(uscc), sk: listKeys.head(stream) }),
          UpdateExpression: 'REMOVE #lpk, #lsk',
          ConditionExpression: '#v = :v AND #logged = :v',
          ExpressionAttributeNames: {
            '#v': 'version',
            '#logged': 'loggedVersion',
            '#lpk': 'ledgerPk',
            '#lsk': 'ledgerSk',
          },
          ExpressionAttributeValues: marshall({ ':v': version }),
        }),
      ),
    );
  }

  // ------------------------------------------------------------------ queued events
  /** Queued events not yet logged, oldest first (the sparse ledger-pending index, partition LOGEV). */
  async pendingEvents(limit: number): Promise<Array<{ pk: string; sk: string }>> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: listKeys.ledgerPendingIndex.name,
        KeyConditionExpression: 'ledgerPk = :p',
        ExpressionAttributeValues: marshall({ ':p': logEventKeys.pendingPk }),
        ScanIndexForward: true,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((raw) => ({ pk: raw.pk!.S!, sk: raw.sk!.S! }));
  }

  /**
   * The events read strongly, in the order asked, without those already logged (the index lags the items): each
   * with its key and leaf body (JSON text).
   */
  async readEvents(
    keys: ReadonlyArray<{ pk: string; sk: string }>,
  ): Promise<Array<{ pk: string; sk: string; body: string }>> {
    const found = await batchGetAll(
      this.client,
      this.tableName,
      keys.map((k) => marshall(k)),
      { consistent: true },
    );
    const byKey = new Map(found.map((raw) => [`${raw.pk!.S}|${raw.sk!.S}`, raw]));
    return keys.flatMap((k) => {
      const raw = byKey.get(`${k.pk}|${k.sk}`);
      if (!raw || raw.leafIndex) return [];
      return [{ pk: k.pk, sk: k.sk, body: raw.body!.S! }];
    });
  }

  /** Records that an event is logged at its leaf and takes it out of the index; idempotent (replays after a crash). */
  async markEvent(mark: EventMark): Promise<void> {
    await conditionalWrite(
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(mark.event),
          UpdateExpression: `SET leafIndex = :i${mark.loggedAt ? ', loggedAt = :t' : ''} REMOVE ledgerPk, ledgerSk`,
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(leafIndex)',
          ExpressionAttributeValues: marshall({ ':i': mark.leaf, ...(mark.loggedAt ? { ':t': mark.loggedAt } : {}) }),
        }),
      ),
    );
  }

  /** Replays one mark of either kind. */
  async markLogged(mark: LogMark): Promise<void> {
    if ('event' in mark) await this.markEvent(mark);
    else await this.markHead(mark);
  }
}
