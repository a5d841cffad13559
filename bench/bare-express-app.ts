/**
 * The baseline of bench/console-gate: an Express app whose one handler returns a constant, in a process of its own
 * as each `serve` replica is, so both are measured from the same load process the same way.
 *
 *   PORT=… node --import tsx bench/bare-express-app.ts
 */
import express from 'express';
import { keepConnectionsAlive } from '../src/http/keep-alive.ts';

const app = express();
app.get('/constant', (_req, res) => {
  res.json({ active: true });
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => {
  console.log('ready');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
// The same keep-alive as serve's server, so neither closes a connection the load keeps.
keepConnectionsAlive(server);
