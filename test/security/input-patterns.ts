import type { z } from 'zod';
import { DATASTORE_ID } from '../../src/cli/datastores-command.js';
import { OPERATOR } from '../../src/cli/requests-command.js';
import { PORT } from '../../src/cli/runtime-commands.js';
import { TOKEN as PACKAGE_TOKEN, verifyPackageToken } from '../../src/execution/package-store.js';
import { FORBIDDEN } from '../../src/ledger/email-address.js';
import { normalise, normaliseEmail, parseEmail } from '../../src/ledger/index.js';
import { PLAIN_EMAIL } from '../../src/ledger/identity.js';
import { isSubjectId, UUID as SUBJECT_ID } from '../../src/ledger/subject.js';
import {
  TOKEN as UNSUBSCRIBE_TOKEN,
  verifyUnsubscribeToken,
} from '../../src/ledger/unsubscribe.js';
import { DataMap } from '../../src/map/schema.js';
import { countryCode, TWO_LETTERS } from '../../src/requests/jurisdiction.js';
import { requestId, UUID as REQUEST_ID } from '../../src/requests/request-context.js';
import { PLAIN_FIELD, requireRequestText } from '../../src/requests/request-text.js';
import { BEARER, KEY_FORMAT } from '../../src/server/api-keys.js';
import { MAX_PARAM_LENGTH, ONE_CLICK_PART } from '../../src/server/build-server.js';
import { PLAIN_KEY, pointer } from '../../src/server/errors.js';
import { BATCH_BODY_LIMIT, rateLimitFromEnv, routes } from '../../src/server/index.js';
import { RATE_LIMIT_FORMAT } from '../../src/server/rate-limit.js';
import { HTML_ACCEPT } from '../../src/server/html.js';
import { negotiateLanguage, Q_VALUE } from '../../src/server/unsubscribe-page.js';
import { HEX } from '../../src/store/secret.js';
import { textFault } from '../../src/text/index.js';

/**
 * Every pattern Custodian applies to input from outside, with the longest input it can meet
 * there. Route strings are found by walking the zod schemas of `routes()` (body, params, query),
 * so a route added later is covered without editing this file; the data map's by walking its
 * schema. What lives outside schemas (headers, tokens, CLI flags, environment, normalisation of
 * values read from datastores) is listed in `REGISTRY`: add a pattern there when you add one.
 * test/security/redos.test.ts reads all of it.
 */
export interface InputCheck {
  /** Where the input comes from and what checks it, for failure messages. */
  readonly name: string;
  /** The regular expressions applied to it. */
  readonly patterns: readonly RegExp[];
  /** The longest input this check can be given. */
  readonly maxLength: number;
  /** The check as the code runs it. */
  readonly run: (input: string) => unknown;
}

/** A string schema of a route or of the map, as the walker found it. */
export interface FoundString extends InputCheck {
  readonly schema: z.ZodType;
  /** The first check of the schema: a maximum length that stops at once, or not. */
  readonly firstCheck: { readonly check: string; readonly abort: boolean } | undefined;
  /** The maximum a length check declares, or undefined when the string is unbounded. */
  readonly declaredMax: number | undefined;
  /** Whether a check of code (`.check(fn)`, `.refine`) reads the string too. */
  readonly custom: boolean;
}

/** Node's default limit of a request's whole header section (`http.maxHeaderSize`). */
export const HEADER_LENGTH = 16 * 1024;
/** Linux's limit of one command-line argument or environment string (MAX_ARG_STRLEN). */
export const ARGUMENT_LENGTH = 128 * 1024;
/** Values read from datastore columns and the map's texts have no limit; this is a long one. */
export const UNBOUNDED_LENGTH = 128 * 1024;
/** The multipart parser of one-click unsubscribe POSTs reads at most this (build-server.ts). */
const ONE_CLICK_BODY_LENGTH = 4096;

const SECRET = Buffer.from('redos-test-secret-redos-test-secret-redos');

/** Runs `work` and swallows the CustodianError it throws for bad input: only its time matters. */
function ignoringRefusal(work: () => unknown): unknown {
  try {
    return work();
  } catch (error) {
    return error;
  }
}

export const REGISTRY: readonly InputCheck[] = [
  {
    name: 'Accept header: a browser wants the unsubscribe page (src/server/routes.ts)',
    patterns: [HTML_ACCEPT],
    maxLength: HEADER_LENGTH,
    run: (input) => HTML_ACCEPT.test(input),
  },
  {
    name: 'Accept-Language header: negotiateLanguage (src/server/unsubscribe-page.ts)',
    patterns: [Q_VALUE],
    maxLength: HEADER_LENGTH,
    run: (input) => negotiateLanguage(input, ['en', 'nl', 'fr', 'de']),
  },
  {
    name: 'Authorization header: Bearer and key format (src/server/api-keys.ts)',
    patterns: [BEARER, KEY_FORMAT],
    maxLength: HEADER_LENGTH,
    run: (input) => [BEARER.exec(input), KEY_FORMAT.exec(input)],
  },
  {
    name: 'multipart one-click body (src/server/build-server.ts)',
    patterns: [ONE_CLICK_PART],
    maxLength: ONE_CLICK_BODY_LENGTH,
    run: (input) => ONE_CLICK_PART.test(input),
  },
  {
    name: 'unsubscribe token in the URL: verifyUnsubscribeToken (src/ledger/unsubscribe.ts)',
    patterns: [UNSUBSCRIBE_TOKEN],
    maxLength: MAX_PARAM_LENGTH,
    run: (input) => verifyUnsubscribeToken(SECRET, input),
  },
  {
    name: 'package token in the URL: verifyPackageToken (src/execution/package-store.ts)',
    patterns: [PACKAGE_TOKEN],
    maxLength: MAX_PARAM_LENGTH,
    run: (input) => verifyPackageToken(SECRET, input),
  },
  {
    name: 'record keys named in problems: pointer (src/server/errors.ts)',
    patterns: [PLAIN_KEY],
    maxLength: BATCH_BODY_LIMIT,
    run: (input) => pointer(['choices', input]),
  },
  {
    name: 'emails of the API and the CLI: parseEmail (src/ledger/email-address.ts)',
    patterns: [FORBIDDEN, PLAIN_EMAIL],
    maxLength: BATCH_BODY_LIMIT,
    run: (input) => parseEmail(input),
  },
  {
    name: 'identifiers read from datastores: normalise (src/ledger/identity.ts)',
    patterns: [PLAIN_EMAIL],
    maxLength: UNBOUNDED_LENGTH,
    run: (input) => [
      normaliseEmail(input),
      normalise({ phone: input }),
      normalise({ accountId: input }),
    ],
  },
  {
    name: 'request ids of the CLI: requestId (src/requests/request-context.ts)',
    patterns: [REQUEST_ID],
    maxLength: ARGUMENT_LENGTH,
    run: (input) => ignoringRefusal(() => requestId(input)),
  },
  {
    name: 'subject ids: isSubjectId (src/ledger/subject.ts)',
    patterns: [SUBJECT_ID],
    maxLength: ARGUMENT_LENGTH,
    run: (input) => isSubjectId(input),
  },
  {
    name: 'CLI --country and --state: countryCode (src/requests/jurisdiction.ts)',
    patterns: [TWO_LETTERS],
    maxLength: ARGUMENT_LENGTH,
    run: (input) => countryCode(input),
  },
  {
    name: 'CLI --details and changes: requireRequestText (src/requests/request-text.ts)',
    patterns: [PLAIN_FIELD],
    maxLength: ARGUMENT_LENGTH,
    run: (input) =>
      ignoringRefusal(() => {
        requireRequestText(input, { [input]: input });
      }),
  },
  {
    name: 'free text of the API and the CLI: textFault (src/text)',
    patterns: [],
    maxLength: BATCH_BODY_LIMIT,
    run: (input) => [textFault(input, 'line'), textFault(input, 'lines')],
  },
  {
    name: 'CLI --operator (src/cli/requests-command.ts)',
    patterns: [OPERATOR],
    maxLength: ARGUMENT_LENGTH,
    run: (input) => OPERATOR.test(input),
  },
  {
    name: 'CLI --port (src/cli/runtime-commands.ts)',
    patterns: [PORT],
    maxLength: ARGUMENT_LENGTH,
    run: (input) => PORT.test(input),
  },
  {
    name: 'CLI --id of datastores introspect (src/cli/datastores-command.ts)',
    patterns: [DATASTORE_ID],
    maxLength: ARGUMENT_LENGTH,
    run: (input) => DATASTORE_ID.test(input),
  },
  {
    name: 'CUSTODIAN_RATE_LIMIT: rateLimitFromEnv (src/server/rate-limit.ts)',
    patterns: [RATE_LIMIT_FORMAT],
    maxLength: ARGUMENT_LENGTH,
    run: (input) => ignoringRefusal(() => rateLimitFromEnv(input)),
  },
  {
    name: 'CUSTODIAN_SECRET in hex (src/store/secret.ts)',
    patterns: [HEX],
    maxLength: ARGUMENT_LENGTH,
    run: (input) => HEX.test(input),
  },
];

// ---------------------------------------------------------------------------------------------
// The walker

interface Def {
  readonly type: string;
  readonly [key: string]: unknown;
}

const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** The def of each check of a string schema (`.max`, `.regex`, `.check(z.guid())`, custom). */
function checkDefs(def: Def): Def[] {
  const checks = (def['checks'] ?? []) as unknown[];
  return checks.map((check) => (check as { _zod: { def: Def } })._zod.def);
}

/** The regular expressions a string schema or one of its checks applies. */
function patternsOf(def: Def): RegExp[] {
  return ['pattern', 'protocol', 'hostname']
    .map((key) => def[key])
    .filter((value): value is RegExp => value instanceof RegExp);
}

function declaredMaxOf(checks: readonly Def[]): number | undefined {
  const maxima = checks.flatMap((check) =>
    check['check'] === 'max_length'
      ? [Number(check['maximum'])]
      : check['check'] === 'length_equals'
        ? [Number(check['length'])]
        : [],
  );
  return maxima.length === 0 ? undefined : Math.min(...maxima);
}

/**
 * Every string schema reachable from `schema`, named by `name` and its path. A schema kind the
 * walker does not know fails loudly, so no input can hide behind one.
 */
export function stringsOf(
  schema: z.ZodType,
  name: string,
  unbounded: number,
  found: FoundString[] = [],
  seen: Set<unknown> = new Set(),
): FoundString[] {
  if (seen.has(schema)) return found;
  seen.add(schema);
  const def = defOf(schema);
  const walk = (inner: unknown, segment = ''): void => {
    stringsOf(inner as z.ZodType, `${name}${segment}`, unbounded, found, seen);
  };
  switch (def.type) {
    case 'string': {
      const checks = checkDefs(def);
      const first = checks[0];
      const declaredMax = declaredMaxOf(checks);
      found.push({
        name,
        schema,
        patterns: [...patternsOf(def), ...checks.flatMap(patternsOf)],
        firstCheck:
          first === undefined
            ? undefined
            : { check: String(first['check']), abort: first['abort'] === true },
        declaredMax,
        custom: checks.some((check) => check['check'] === 'custom'),
        maxLength: declaredMax ?? unbounded,
        run: (input) => schema.safeParse(input),
      });
      return found;
    }
    case 'object':
      for (const [key, value] of Object.entries(def['shape'] as Record<string, unknown>)) {
        walk(value, `/${key}`);
      }
      if (def['catchall'] !== undefined) walk(def['catchall'], '/*');
      return found;
    case 'union':
      for (const option of def['options'] as unknown[]) walk(option);
      return found;
    case 'intersection':
      walk(def['left']);
      walk(def['right']);
      return found;
    case 'array':
      walk(def['element'], '/0');
      return found;
    case 'tuple':
      (def['items'] as unknown[]).forEach((item, index) => {
        walk(item, `/${index}`);
      });
      if (def['rest'] !== undefined && def['rest'] !== null) walk(def['rest'], '/*');
      return found;
    case 'record':
      walk(def['keyType'], '/(key)');
      walk(def['valueType'], '/*');
      return found;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      walk(def['innerType']);
      return found;
    case 'pipe':
      walk(def['in']);
      walk(def['out']);
      return found;
    case 'lazy':
      walk((def['getter'] as () => unknown)());
      return found;
    // No string reaches a pattern through these.
    case 'enum':
    case 'literal':
    case 'number':
    case 'boolean':
    case 'date':
    case 'transform':
    case 'never':
    case 'null':
    case 'undefined':
      return found;
    default:
      throw new Error(`${name}: the walker does not know zod's ${def.type}; teach it`);
  }
}

/** Every string a route takes, by route and path: `POST /v1/requests body/details`. */
export function routeStrings(): FoundString[] {
  const found: FoundString[] = [];
  const seen = new Set<unknown>();
  for (const route of routes()) {
    for (const part of ['body', 'params', 'query'] as const) {
      const schema = route[part];
      if (schema !== undefined) {
        stringsOf(schema, `${route.method} ${route.url} ${part}`, Infinity, found, seen);
      }
    }
  }
  return found;
}

/** Every string of the data map (`privacy.yaml`): operator input, unbounded but for the file. */
export function mapStrings(): FoundString[] {
  return stringsOf(DataMap, 'privacy.yaml', UNBOUNDED_LENGTH);
}
