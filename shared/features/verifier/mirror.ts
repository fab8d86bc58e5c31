/**
 * The verifier's folder: the pinned key, the last verified checkpoint, every
 * checkpoint seen, the log's entry bundles and each version in scope. Full entry
 * bundles never change, so they are reused; an interrupted run resumes from
 * `progress.json` (versions already checked against the same checkpoint).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export class Mirror {
  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
  }

  path(...parts: string[]): string {
    return join(this.root, ...parts);
  }

  read(...parts: string[]): string | undefined {
    const p = this.path(...parts);
    return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
  }

  readBytes(...parts: string[]): Uint8Array | undefined {
    const p = this.path(...parts);
    return existsSync(p) ? new Uint8Array(readFileSync(p)) : undefined;
  }

  readJson<T>(...parts: string[]): T | undefined {
    const text = this.read(...parts);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  /** Writes through a temporary file and a rename, so an interrupted run never leaves half a file. */
  write(data: string | Uint8Array, ...parts: string[]): void {
    const p = this.path(...parts);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(`${p}.tmp`, data);
    renameSync(`${p}.tmp`, p);
  }

  writeJson(value: unknown, ...parts: string[]): void {
    this.write(`${JSON.stringify(value, null, 1)}\n`, ...parts);
  }
}
