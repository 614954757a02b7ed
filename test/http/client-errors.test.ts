import { type Server, createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureServer } from '../../src/interfaces/http/server.js';
import { PREFIX, type TestApp, startTestApp } from '../support/app.js';
import { expectFieldError } from '../support/documents.js';
import { type RawAnswer, parseRawAnswer } from '../support/net.js';

let t: TestApp;
let server: Server;
let port: number;
beforeAll(async () => {
  t = await startTestApp();
  server = createServer(t.app);
  configureServer(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

/** Sends bytes as they are (no client library would send these) and reads until the server closes. */
function sendRaw(bytes: Buffer): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => { resolve(parseRawAnswer(Buffer.concat(chunks))); });
    socket.end(bytes);
  });
}

const requestWith = (line: string, extra = '') => Buffer.concat([Buffer.from(line, 'latin1'), Buffer.from(`\r\nHost: x\r\n${extra}\r\n`)]);

describe('requests refused by the HTTP parser', () => {
  it.each([
    ['a raw non-ASCII byte in the path', requestWith(`GET ${PREFIX}/users/\xff HTTP/1.1`)],
    ['a control character in a header value', requestWith(`GET ${PREFIX}/health HTTP/1.1`, 'X-Test: a\x01b\r\n')],
    ['bytes that are not HTTP at all', Buffer.from('HELLO THERE\r\n\r\n')],
  ])('when a request has %s, then 400 problem+json, not a bare status line', async (_name, bytes) => {
    const res = await sendRaw(bytes);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).toEqual({ type: 'about:blank', title: 'Bad Request', status: 400, detail: expect.stringContaining('not valid HTTP') });
  });

  it('when the headers are over 16 KiB, then 431 problem+json', async () => {
    const res = await sendRaw(requestWith(`GET ${PREFIX}/health HTTP/1.1`, `X-Big: ${'a'.repeat(20_000)}\r\n`));
    expect(res.status).toBe(431);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status: 431, title: 'Request Header Fields Too Large' });
  });

  it('when a parser error has been answered, then the server goes on serving other connections', async () => {
    await sendRaw(Buffer.from('HELLO\r\n\r\n'));
    await request(server).get(`${PREFIX}/health`).expect(200);
  });
});

describe('bodies with what PostgreSQL cannot store', () => {
  it.each([
    ['email', { email: 'a\u0000b@example.com', password: 'correct-horse-battery' }],
    ['full_name', { email: 'nul-name@example.com', password: 'correct-horse-battery', full_name: 'a\u0000b' }],
  ])('when %s carries a NUL character, then 422 naming that field, never a 500', async (field, body) => {
    expectFieldError(await request(server).post(`${PREFIX}/auth/register`).send(body), field);
  });

  it('when a body carries thousands of unknown keys, then 422 listing a bounded number, in a small answer', async () => {
    const body = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i]));
    const res = await request(server).post(`${PREFIX}/auth/register`).send({ email: 'keys@example.com', password: 'correct-horse-battery', ...body }).expect(422);
    expect((res.body as { errors: unknown[] }).errors).toHaveLength(100);
    expect(res.text.length).toBeLessThan(20_000);
  });
});
