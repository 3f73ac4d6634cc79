import { z } from 'zod';
import { CustodianError } from '../errors.js';
import type { Datastore, DatastoreCollection } from '../map/index.js';
import type { ApplyOptions, Change, Connector, Match, Row } from './connector.js';

/** How long a company's endpoint gets to answer one call. */
const TIMEOUT_MS = 30_000;

const JsonValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const FindAnswer = z.object({ rows: z.array(z.record(z.string(), JsonValue)) });
const ApplyAnswer = z.object({ counts: z.array(z.number().int().min(0)) });

/**
 * A connector to a company's own endpoint, for data held in a SaaS tool behind it: the same
 * contract over the wire (docs/datastores.md, "HTTP connector"). `POST {url}/find` and
 * `POST {url}/apply` with JSON bodies and a bearer token; values travel in the body, never in the
 * URL, and the endpoint's answers are validated before use.
 */
export function httpConnector(
  datastore: Datastore,
  endpoint: string,
  token: string | undefined,
  fetcher: typeof fetch = fetch,
): Connector {
  const base = endpoint.endsWith('/') ? endpoint : `${endpoint}/`;

  async function call<T>(
    operation: 'find' | 'apply',
    body: unknown,
    answer: z.ZodType<T>,
  ): Promise<T> {
    let response: Response;
    try {
      response = await fetcher(new URL(operation, base), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
        body: JSON.stringify(body, (_key, value: unknown) =>
          value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value,
        ),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (cause) {
      throw new CustodianError(
        'datastore.unreachable',
        `datastore "${datastore.id}" cannot be reached (${(cause as Error).name})`,
        { cause, details: { datastore: datastore.id } },
      );
    }
    // The body of an error answer may echo the request (personal data): only the status is kept.
    if (!response.ok) {
      await response.body?.cancel();
      throw new CustodianError(
        'datastore.query_failed',
        `datastore "${datastore.id}": ${operation} answered HTTP ${response.status}`,
        { details: { datastore: datastore.id, status: response.status } },
      );
    }
    const parsed = answer.safeParse(await response.json().catch(() => undefined), {
      reportInput: false,
    });
    if (!parsed.success) {
      throw new CustodianError(
        'datastore.query_failed',
        `datastore "${datastore.id}": ${operation} answered with an unexpected body`,
        { details: { datastore: datastore.id } },
      );
    }
    return parsed.data;
  }

  return {
    datastore,
    async find(collection: DatastoreCollection, matches: readonly Match[]): Promise<Row[]> {
      // A case-insensitive match travels with its flag and its values in lower case; the
      // endpoint compares that field ignoring case (docs/datastores.md, "HTTP connector").
      const sent = matches.map((match) =>
        match.caseInsensitive === true
          ? {
              ...match,
              values: match.values.map((tuple) =>
                tuple.map((value) => (typeof value === 'string' ? value.toLowerCase() : value)),
              ),
            }
          : match,
      );
      const { rows } = await call(
        'find',
        { collection: collection.name, matches: sent },
        FindAnswer,
      );
      return rows;
    },
    async apply(changes: readonly Change[], options: ApplyOptions = {}): Promise<number[]> {
      // The endpoint commits as it answers: what must come before the commit comes before the call.
      await options.beforeCommit?.();
      const { counts } = await call('apply', { changes }, ApplyAnswer);
      if (counts.length !== changes.length) {
        throw new CustodianError(
          'datastore.query_failed',
          `datastore "${datastore.id}": apply answered ${counts.length} counts for ${changes.length} changes`,
          { details: { datastore: datastore.id } },
        );
      }
      return counts;
    },
    close: () => Promise.resolve(),
  };
}
