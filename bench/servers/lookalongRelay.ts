/** Starts the real Lookalong server for benchmarks (config from env) and prints its port. */
import { loadConfig } from '../../server/src/config';
import { startLookalongServer } from '../../server/src/lookalongServer';

const server = await startLookalongServer(loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1' }));
console.log(`PORT ${server.port}`);
