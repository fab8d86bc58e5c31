/** A Lambda bundle in its own Node process (testing/lambda/lambda-runner.mjs), invoked over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNNER = fileURLToPath(new URL('./lambda-runner.mjs', import.meta.url));
/** For response-streaming handlers (`awslambda.streamifyResponse`): stubs the runtime's global, collects the stream. */
export const STREAM_RUNNER = fileURLToPath(new URL('./lambda-stream-runner.mjs', import.meta.url));

export interface LambdaProcess {
  invoke<T = any>(event: unknown): Promise<T>;
  /** Everything the bundle wrote to stdout/stderr (its log lines). */
  output(): string;
  /** stdout lines that parse as JSON objects (Powertools log lines, EMF metrics). */
  jsonLines(): Array<Record<string, any>>;
  stop(): Promise<void>;
}

export async function startLambdaProcess(
  bundleFile: string,
  env: Record<string, string>,
  runner: string = RUNNER,
): Promise<LambdaProcess> {
  // A clean environment, as in Lambda: nothing of the developer's shell (no real AWS credentials).
  const child: ChildProcess = fork(runner, [bundleFile], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    execArgv: [],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bundle process exited (${code}) before it was ready:\n${out}`)));
    child.on('message', (m: any) => {
      if (m.type === 'ready') resolve();
      else if (m.type === 'init-error') reject(new Error(`bundle failed to load: ${m.error}\n${out}`));
      else if (m.type === 'result') {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (m.error) p?.reject(new Error(`handler threw: ${m.error}\n${out}`));
        else p?.resolve(m.result);
      }
    });
  });
  return {
    invoke(event) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ id, event });
      });
    },
    output: () => out,
    jsonLines: () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as Record<string, any>];
          } catch {
            return [];
          }
        }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
