/**
 * The emulator on a thread of its own, so that its CPU work does not slow the client being measured
 * (Twilio's servers are not on the user's machine either). Started by emulatorThread.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startEmulator, type EmulatorOptions } from '../src/emulator/index.js';
import type { EmulatorRequest } from './emulatorThread.js';

const port = parentPort;
if (!port) throw new Error('emulatorWorker.ts runs as a worker thread');
const emulator = await startEmulator(workerData as EmulatorOptions);
port.postMessage({ url: emulator.url, accountSid: emulator.accountSid, authToken: emulator.authToken });
const answer = async (request: EmulatorRequest): Promise<void> => {
  switch (request.op) {
    case 'preload':
      emulator.preload(request.flows);
      port.postMessage({ id: request.id, result: null });
      break;
    case 'stats':
      port.postMessage({ id: request.id, result: emulator.stats() });
      break;
    case 'close':
      await emulator.close();
      port.postMessage({ id: request.id, result: null });
      port.close();
      break;
  }
};
// A failed answer rejects unhandled and ends the worker, as a throw in a handler would.
port.on('message', (request: EmulatorRequest) => void answer(request));
