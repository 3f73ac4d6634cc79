import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openConnector, type Connector } from '../../src/datastores/index.js';
import { Datastore } from '../../src/map/index.js';

const TOKEN = 'crm-token-123';

/** A company's endpoint in front of a SaaS tool: contacts in memory, the wire contract of docs/datastores.md. */
function crm(): { server: Server; contacts: Map<string, Record<string, unknown>>; seen: string[] } {
  const contacts = new Map<string, Record<string, unknown>>([
    ['c1', { id: 'c1', email: 'ana@example.com', name: 'Ana', score: 7 }],
    ['c2', { id: 'c2', email: 'bo@example.com', name: 'Bo', score: 3 }],
  ]);
  const seen: string[] = [];
  const server = createServer((request, response) => {
    void body(request).then((text) => {
      seen.push(`${request.method ?? ''} ${request.url ?? ''}`);
      const [status, value] = answer(request, text);
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(value));
    });
  });

  function answer(request: IncomingMessage, text: string): [number, unknown] {
    const reply = (status: number, value: unknown): [number, unknown] => [status, value];
    if (request.headers.authorization !== `Bearer ${TOKEN}`) return reply(401, { error: 'no' });
    const payload = JSON.parse(text) as {
      collection?: string;
      matches?: { fields: string[]; values: unknown[][]; caseInsensitive?: boolean }[];
      changes?: { op: string; collection: string; keys: unknown[][]; set?: object }[];
    };
    if (request.url === '/crm/find') {
      if (payload.collection === 'broken') {
        // An endpoint that echoes the request in its error: none of it may reach Custodian's error.
        return reply(500, { error: `failed for ${text}` });
      }
      if (payload.collection === 'garbled') return reply(200, { rows: 'nope' });
      const rows = [...contacts.values()].filter((contact) =>
        (payload.matches ?? []).some((match) =>
          match.values.some((tuple) =>
            match.fields.every((f, i) =>
              // As the contract asks: a case-insensitive match compares its field ignoring case.
              match.caseInsensitive === true
                ? String(contact[f]).toLowerCase() === tuple[i]
                : contact[f] === tuple[i],
            ),
          ),
        ),
      );
      return reply(200, { rows });
    }
    if (request.url === '/crm/apply') {
      const counts = (payload.changes ?? []).map((change) => {
        let count = 0;
        for (const [key] of change.keys) {
          const contact = contacts.get(String(key));
          if (contact === undefined) continue;
          count += 1;
          if (change.op === 'delete') contacts.delete(String(key));
          else Object.assign(contact, change.set);
        }
        return count;
      });
      return reply(200, { counts });
    }
    return reply(404, {});
  }
  return { server, contacts, seen };
}

async function body(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return text;
}

const declaration = (url: string): Datastore =>
  Datastore.parse({
    id: 'crm',
    type: 'http',
    connection: { url, tokenEnv: 'CRM_TOKEN' },
    collections: [
      {
        name: 'contacts',
        primaryKey: ['id'],
        fields: [
          { name: 'email', identity: 'email', categories: ['contact.email'] },
          { name: 'name', categories: ['identity.name'], erase: 'mask' },
        ],
      },
      { name: 'broken', primaryKey: ['id'] },
      { name: 'garbled', primaryKey: ['id'] },
    ],
  });

describe('the HTTP connector', () => {
  let endpoint: ReturnType<typeof crm>;
  let url: string;
  let connector: Connector;
  const collection = (name: string) =>
    connector.datastore.collections.find((c) => c.name === name) ??
    expect.fail(`no collection ${name}`);

  beforeEach(async () => {
    endpoint = crm();
    await new Promise<void>((resolve) => endpoint.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(endpoint.server.address() as AddressInfo).port}/crm`;
    connector = await openConnector(declaration(url), { mapDir: '.', env: { CRM_TOKEN: TOKEN } });
  });
  afterEach(async () => {
    await connector.close();
    await new Promise((resolve) => endpoint.server.close(resolve));
  });

  it('finds rows by POSTing the matches, never putting values in the URL', async () => {
    const rows = await connector.find(collection('contacts'), [
      { fields: ['email'], values: [['ana@example.com']] },
    ]);
    expect(rows).toEqual([{ id: 'c1', email: 'ana@example.com', name: 'Ana', score: 7 }]);
    expect(endpoint.seen).toEqual(['POST /crm/find']);
  });

  it('asks the endpoint to compare an email ignoring case, with the values in lower case', async () => {
    const match = { fields: ['email'], values: [['ANA@Example.com']] };
    expect(await connector.find(collection('contacts'), [match])).toEqual([]);
    const rows = await connector.find(collection('contacts'), [
      { ...match, caseInsensitive: true },
    ]);
    expect(rows.map((row) => row['id'])).toEqual(['c1']);
  });

  it('applies changes and returns the counts the endpoint reports', async () => {
    const counts = await connector.apply([
      { op: 'update', collection: 'contacts', keys: [['c2']], set: { name: '[erased]' } },
      { op: 'delete', collection: 'contacts', keys: [['c1'], ['c9']] },
    ]);
    expect(counts).toEqual([1, 1]);
    expect([...endpoint.contacts.values()]).toEqual([
      { id: 'c2', email: 'bo@example.com', name: '[erased]', score: 3 },
    ]);
  });

  it('reports an error answer by status only, not by its body', async () => {
    const error = await connector
      .find(collection('broken'), [{ fields: ['email'], values: [['ana@example.com']] }])
      .catch((e: unknown) => e as Error);
    expect(error).toMatchObject({
      code: 'datastore.query_failed',
      message: 'datastore "crm": find answered HTTP 500',
    });
    expect(JSON.stringify(error)).not.toContain('ana@example.com');
  });

  it('refuses an answer that does not follow the contract', async () => {
    await expect(
      connector.find(collection('garbled'), [{ fields: ['id'], values: [['x']] }]),
    ).rejects.toMatchObject({ message: 'datastore "crm": find answered with an unexpected body' });
  });

  it('sends the bearer token from the variable the declaration names', async () => {
    const wrong = await openConnector(declaration(url), {
      mapDir: '.',
      env: { CRM_TOKEN: 'stale' },
    });
    await expect(
      wrong.find(collection('contacts'), [{ fields: ['id'], values: [['c1']] }]),
    ).rejects.toMatchObject({ message: 'datastore "crm": find answered HTTP 401' });
    await expect(openConnector(declaration(url), { mapDir: '.', env: {} })).rejects.toMatchObject({
      code: 'datastore.connection',
      message: 'datastore "crm": environment variable CRM_TOKEN is not set',
    });
  });

  it('says an endpoint cannot be reached', async () => {
    const gone = await openConnector(declaration('http://127.0.0.1:1/crm'), {
      mapDir: '.',
      env: { CRM_TOKEN: TOKEN },
    });
    await expect(
      gone.find(collection('contacts'), [{ fields: ['id'], values: [['c1']] }]),
    ).rejects.toMatchObject({ code: 'datastore.unreachable' });
  });
});
