import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { problemFor } from '../../src/server/errors.js';
import { certificateSigningKey, serverSecret, type Store } from '../../src/store/index.js';
import { demoMap } from '../server/helpers.js';
import { freshStore } from '../support/stores.js';

/** What a raw connection received before the server closed it. */
function exchange(url: string, write: (socket: Socket) => void): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      resolve(received);
    });
    socket.on('connect', () => {
      write(socket);
    });
  });
}

/**
 * Issue 9, fault 8: a connection that sent its headers and a few body bytes stayed open for
 * ever. The server bounds the time to receive headers and the whole request, and the number of
 * connections. Socket-level behaviour, before any database work: one store kind is enough.
 */
describe('request time and connection limits', () => {
  let store: Store;
  let server: RunningServer;
  beforeAll(async () => {
    store = await freshStore('pglite');
    server = await startServer({
      store,
      map: await demoMap(),
      secret: await serverSecret(store.db),
      signingKey: await certificateSigningKey(store.db),
      port: 0,
      requestRateLimit: false,
      // Short, so the test does not wait; the defaults are 10 s and 30 s.
      limits: { headersTimeoutMs: 300, requestTimeoutMs: 600, maxConnections: 3 },
    });
  });
  afterAll(async () => {
    await server.close();
    await store.close();
  });

  it('answers 408 and closes a connection whose body trickles in', async () => {
    const received = await exchange(server.url, (socket) => {
      socket.write(
        'POST /v1/requests HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
          'Content-Length: 100\r\n\r\n{"type',
      );
    });
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(received).toContain('application/problem+json');
    expect(received).toContain('"code":"request.timeout"');
  });

  it('answers 408 and closes a connection whose headers never end', async () => {
    const received = await exchange(server.url, (socket) => {
      socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
    });
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(received).toContain('"code":"request.timeout"');
  });

  it('closes connections past the limit at once, and serves again when they go', async () => {
    const { hostname, port } = new URL(server.url);
    const open: Socket[] = [];
    for (let i = 0; i < 3; i++) {
      const socket = connect(Number(port), hostname);
      socket.setEncoding('utf8');
      // An answered request proves the server holds the connection (kept alive after it).
      const answered = new Promise((resolve) => socket.once('data', resolve));
      socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
      await answered;
      open.push(socket);
    }
    const refused = await exchange(server.url, (socket) => {
      socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
    });
    expect(refused).toBe('');
    const closed = open.map((socket) => new Promise((resolve) => socket.once('close', resolve)));
    for (const socket of open) socket.destroy();
    await Promise.all(closed);
    // The server learns of the closes on its next turns: on a busy machine, a while.
    let status = 0;
    for (let attempt = 0; attempt < 300 && status !== 200; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      status = await fetch(`${server.url}/healthz`).then(
        (response) => response.status,
        () => 0,
      );
    }
    expect(status).toBe(200);
  });

  it('answers a route that runs past its time as a 503 problem', () => {
    const problem = problemFor({ code: 'FST_ERR_HANDLER_TIMEOUT' }, 'id-1');
    expect(problem.status).toBe(503);
    expect(problem.code).toBe('request.handler_timeout');
  });
});
