/** Starts bench/child/measure.ts in a fresh Node process (through tsx) and reads its result. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { ChildResult } from '../child/measure.js';
import { ROOT } from './root.js';

export async function measureInChild(
  task: string,
  args: Record<string, unknown>,
  env: NodeJS.ProcessEnv = {},
): Promise<ChildResult> {
  // `--import tsx` keeps the task in this one process (the tsx CLI would add a second), so its peak RSS is the task's.
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(ROOT, 'bench/child/measure.ts'), task, JSON.stringify(args)],
    {
      cwd: ROOT,
      env: { ...process.env, AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`child task ${task} exited ${code}: ${err.slice(-1500)}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as ChildResult;
}
