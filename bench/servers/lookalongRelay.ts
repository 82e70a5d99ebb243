/**
 * Starts the real Lookalong server for benchmarks (config from env) and prints its port.
 * With an IPC channel it answers `{t:'stats'}` with the relay's own view (live sessions,
 * counters, its event-loop delay since the previous stats), after a full GC when started
 * with --expose-gc, so the RSS read next is steady-state.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../../server/src/config';
import { startLookalongServer } from '../../server/src/lookalongServer';

const server = await startLookalongServer(loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1' }));
console.log(`PORT ${server.port}`);

if (process.send) {
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  process.on('message', (message: { t?: string }) => {
    if (message?.t !== 'stats') return;
    const loop = { maxMs: loopDelay.max / 1e6, p99Ms: loopDelay.percentile(99) / 1e6 };
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    // The counts only (the counters also hold the delivery-latency sampler, which is no count).
    const counters = Object.fromEntries(Object.entries(server.counters).filter(([, value]) => typeof value === 'number'));
    process.send!({ t: 'stats', sessions: server.registry.size, counters, loop, gcRan: Boolean(gc) });
    // Reset once the delay the forced GC itself caused has been sampled, so it is not counted.
    setTimeout(() => loopDelay.reset(), 50);
  });
  // The parent going away must not leave a relay behind.
  process.on('disconnect', () => process.exit(0));
}
