// The ceiling for GET /users/me: raw node:http + pg answering the same primary-key select, with no
// framework, no auth and no logging. Run as its own process by bench/http.ts.
import { createServer } from 'node:http';
import pg from 'pg';

const url = process.env.DATABASE_URL;
const port = Number(process.env.PORT ?? 0);
if (!url) throw new Error('DATABASE_URL is required');
const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DB_POOL_MAX ?? 10) });

const server = createServer((req, res) => {
  const id = Number(req.url?.split('/').pop());
  pool
    .query('SELECT id, email, full_name, is_active, is_admin, created_at, updated_at FROM users WHERE id = $1', [id])
    .then(({ rows }) => {
      res.writeHead(rows[0] ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(rows[0] ?? null));
    })
    .catch(() => {
      res.writeHead(500).end();
    });
});
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : port}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void pool.end();
});
