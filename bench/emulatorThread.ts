import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { EmulatorHandle, EmulatorOptions, EmulatorStats } from '../src/emulator/index.js';

type PreloadFlows = Parameters<EmulatorHandle['preload']>[0];

export type EmulatorRequest =
  | { readonly id: number; readonly op: 'preload'; readonly flows: PreloadFlows }
  | { readonly id: number; readonly op: 'stats' }
  | { readonly id: number; readonly op: 'close' };

type Op<K extends EmulatorRequest['op']> = Omit<Extract<EmulatorRequest, { op: K }>, 'id'>;

export interface EmulatorThread {
  readonly url: string;
  readonly accountSid: string;
  readonly authToken: string;
  preload(flows: PreloadFlows): Promise<void>;
  stats(): Promise<EmulatorStats>;
  close(): Promise<void>;
}

/** Starts the emulator in a worker thread (bench/ runs under tsx, so the worker registers it too). */
export async function startEmulatorThread(options: Omit<EmulatorOptions, 'now'>): Promise<EmulatorThread> {
  const entry = new URL('./emulatorWorker.ts', import.meta.url).href;
  const worker = new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`, {
    eval: true,
    workerData: options,
  });
  const [ready] = (await once(worker, 'message')) as [{ url: string; accountSid: string; authToken: string }];
  let nextId = 0;
  const pending = new Map<number, (result: unknown) => void>();
  worker.on('message', (message: { id: number; result: unknown }) => {
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  });
  const call = <K extends EmulatorRequest['op']>(request: Op<K>): Promise<unknown> =>
    new Promise((resolve) => {
      const id = ++nextId;
      pending.set(id, resolve);
      worker.postMessage({ ...request, id });
    });
  return {
    ...ready,
    preload: async (flows) => void (await call<'preload'>({ op: 'preload', flows })),
    stats: async () => (await call<'stats'>({ op: 'stats' })) as EmulatorStats,
    close: async () => {
      await call<'close'>({ op: 'close' });
      await worker.terminate();
    },
  };
}
