// The AEP emulator on a worker thread, so the benchmark's main thread (the sink handler) has its core to itself.
// Messages: 'reset' → { type: 'reset' }; 'stats' → { type: 'stats', … }; 'close' → { type: 'closed' }.
import { parentPort } from 'node:worker_threads';
import { startAepEmulator } from '../shared/aep-emulator/index.ts';

const port = parentPort;
if (!port) throw new Error('aep-emulator-worker.ts runs as a worker thread');
const aep = await startAepEmulator();
port.on('message', async (message: string) => {
  if (message === 'reset') {
    aep.reset();
    port.postMessage({ type: 'reset' });
  } else if (message === 'stats') {
    port.postMessage({
      type: 'stats',
      requests: aep.requests.length,
      statuses: [...new Set(aep.requests.map((r) => r.status))],
      wireBytes: aep.requests.reduce((sum, r) => sum + r.rawBytes, 0),
      rawBytes: aep.requests.reduce((sum, r) => sum + (r.decodedBytes ?? 0), 0),
      messages: aep.messages.length,
    });
  } else if (message === 'close') {
    await aep.close();
    port.postMessage({ type: 'closed' });
    port.close();
  }
});
port.postMessage({ type: 'ready', endpoint: aep.endpoint('bench') });
