import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
} from 'yaml';
import type { z } from 'zod';
import type { Result } from '../errors.js';
import { CustodianError } from '../errors.js';
import type { Diagnostic, PathSegment } from './finding.js';
import { DataMap } from './schema.js';

/** A data map with the means to point back into the file it came from. */
export interface LoadedMap {
  readonly file: string;
  readonly map: DataMap;
  /**
   * Line and column (1-based) of the value at `path`, or of its nearest declared ancestor; `file`
   * when the value lives in an included file rather than the map itself.
   */
  readonly locate: (path: readonly PathSegment[]) => Position;
}

/** Where a value is: in the map, or (`file`) in a file the map includes. */
export interface Position {
  readonly line: number;
  readonly column: number;
  readonly file?: string;
}

/**
 * The text of files the map includes (datastore declarations), by the path as the map writes it;
 * `{ error }` when the file could not be read.
 */
export type Includes = ReadonlyMap<string, string | { readonly error: string }>;

/** Reads and validates a `privacy.yaml`. Throws `map.unreadable` when the file cannot be read. */
export async function loadFile(file: string): Promise<Result<LoadedMap, Diagnostic[]>> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (cause) {
    const reason =
      (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'cannot be read';
    throw new CustodianError('map.unreadable', `${file}: ${reason}`, {
      cause,
      details: { reason },
    });
  }
  // Parsed once: the includes are read from the same document the map is validated from.
  const main = parseLocated(source, file);
  return loadLocated(main, await readIncludes(main, file));
}

/**
 * Reads the datastore files a map includes (the plain strings of its `datastores` list), relative
 * to the map; a map that does not parse includes nothing (loadLocated reports its errors).
 */
async function readIncludes(main: Located, file: string): Promise<Includes> {
  const includes = new Map<string, string | { error: string }>();
  const entries = main.document.errors.length > 0 ? undefined : main.document.get('datastores');
  if (!isSeq(entries)) return includes;
  for (const entry of entries.items) {
    if (!isScalar(entry) || typeof entry.value !== 'string' || includes.has(entry.value)) continue;
    try {
      includes.set(
        entry.value,
        await readFile(path.resolve(path.dirname(file), entry.value), 'utf8'),
      );
    } catch (cause) {
      const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
      includes.set(entry.value, { error: missing ? 'no such file' : 'cannot be read' });
    }
  }
  return includes;
}

/** A YAML document with the means to turn its offsets into lines and columns. */
interface Located {
  readonly file: string;
  readonly document: Document;
  readonly position: (offset: number) => { line: number; column: number };
}

function parseLocated(source: string, file: string): Located {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number): { line: number; column: number } => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return { file, document, position };
}

function syntaxIssues(located: Located): Diagnostic[] {
  return located.document.errors.map((error) => ({
    file: located.file,
    ...located.position(error.pos[0]),
    severity: 'error',
    rule: 'yaml.syntax',
    message: firstLine(error.message),
    path: [],
  }));
}

/**
 * Validates the text of a data map; `file` is only used in diagnostics, and to name included files
 * (relative to its directory). `includes` holds their text (loadFile reads them).
 */
export function loadSource(
  source: string,
  file = 'privacy.yaml',
  includes: Includes = new Map(),
): Result<LoadedMap, Diagnostic[]> {
  return loadLocated(parseLocated(source, file), includes);
}

/** Validates a parsed data map (loadSource). */
function loadLocated(main: Located, includes: Includes): Result<LoadedMap, Diagnostic[]> {
  const { file } = main;
  if (main.document.errors.length > 0) return { ok: false, issues: syntaxIssues(main) };

  const data = main.document.toJS({ maxAliasCount: 100 }) as Record<string, unknown> | null;
  const included = new Map<number, Located>();
  const issues: Diagnostic[] = [];
  const entries = main.document.get('datastores');
  if (isSeq(entries) && data !== null && Array.isArray(data['datastores'])) {
    const list = data['datastores'] as unknown[];
    for (const [index, entry] of entries.items.entries()) {
      if (!isScalar(entry) || typeof entry.value !== 'string') continue;
      const text = includes.get(entry.value);
      if (typeof text !== 'string') {
        issues.push({
          file,
          ...main.position(rangeStart(entry) ?? 0),
          severity: 'error',
          rule: 'map.include',
          message: `cannot read included file "${entry.value}" (${text?.error ?? 'not read'})`,
          path: ['datastores', index],
        });
        continue;
      }
      const include = parseLocated(text, path.join(path.dirname(file), entry.value));
      if (include.document.errors.length > 0) {
        issues.push(...syntaxIssues(include));
        continue;
      }
      list[index] = include.document.toJS({ maxAliasCount: 100 });
      included.set(index, include);
    }
  }
  if (issues.length > 0) return { ok: false, issues };

  const locate = (path: readonly PathSegment[], key = false): Position => {
    const include =
      path[0] === 'datastores' && typeof path[1] === 'number' ? included.get(path[1]) : undefined;
    if (include !== undefined) {
      return {
        file: include.file,
        ...include.position(offsetOf(include.document, path.slice(2), key)),
      };
    }
    return main.position(offsetOf(main.document, path, key));
  };
  // The file is the organisation's own declaration, not a person's data: echoing values helps.
  const parsed = DataMap.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    return {
      ok: false,
      issues: flattenIssues(parsed.error.issues).map((issue) => toDiagnostic(issue, file, locate)),
    };
  }
  return { ok: true, value: { file, map: parsed.data, locate } };
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

/** Offset of the node at `path`, walking as far as the document goes. */
function offsetOf(document: Document, path: readonly PathSegment[], keyOf = false): number {
  let node: unknown = document.contents;
  let offset = rangeStart(node) ?? 0;
  for (const [index, segment] of path.entries()) {
    let next: unknown;
    let keyNode: unknown;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      next = pair?.value;
      keyNode = pair?.key;
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment];
    } else if (isPair(node)) {
      next = node.value;
    }
    if (next === undefined && keyNode === undefined) break;
    const last = index === path.length - 1;
    const target = last && keyOf ? keyNode : (next ?? keyNode);
    offset = rangeStart(target) ?? offset;
    node = next;
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | undefined)?.range?.[0];
}

type Issue = z.core.$ZodIssue;

/** A union failure reports the issues of the branch that came closest to matching. */
function flattenIssues(issues: readonly Issue[]): Issue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
    const branches = issue.errors.map((branch) => flattenIssues(branch));
    const depth = (branch: Issue[]): number => Math.max(...branch.map((i) => i.path.length));
    const best = branches.reduce((a, b) =>
      depth(b) > depth(a) || (depth(b) === depth(a) && b.length < a.length) ? b : a,
    );
    // A datastore written out (not a path) is judged as a declaration, whatever else is wrong.
    const declared = branches[0];
    if (issue.path[0] === 'datastores' && typeof issue.input === 'object' && declared) {
      return declared.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }));
    }
    // A value of the wrong shape for every branch (all failing at the top) reads best as one message.
    if (depth(best) === 0) return [issue];
    return best.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }));
  });
}

function toDiagnostic(
  issue: Issue,
  file: string,
  locate: (path: readonly PathSegment[], key?: boolean) => Position,
): Diagnostic {
  const path = issue.path.map((segment) =>
    typeof segment === 'symbol' ? String(segment) : segment,
  );
  const where = path.length > 0 ? `\`${path.join('.')}\`` : 'the file';
  const base = { file, severity: 'error' as const, path };
  if (
    issue.input === undefined &&
    path.length > 0 &&
    issue.code !== 'unrecognized_keys' &&
    issue.code !== 'custom'
  ) {
    return {
      ...base,
      ...locate(path),
      rule: 'schema.required',
      message: `missing required \`${String(path.at(-1))}\` in ${path.length > 1 ? `\`${path.slice(0, -1).join('.')}\`` : 'the file'}`,
    };
  }
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0] ?? '';
      return {
        ...base,
        ...locate([...path, key], true),
        rule: 'schema.unknown-key',
        message: `unknown key \`${issue.keys.join('`, `')}\` in ${where}`,
        path: [...path, key],
      };
    }
    case 'invalid_type':
      return {
        ...base,
        ...locate(path),
        rule: 'schema.type',
        message: `${where}: expected ${issue.expected}, got ${describe(issue.input)}`,
      };
    case 'invalid_value':
      if (issue.values.length > 12) {
        return {
          ...base,
          ...locate(path),
          rule: 'schema.enum',
          message: `${where}: ${describe(issue.input)} ${issue.message}`,
        };
      }
      return {
        ...base,
        ...locate(path),
        rule: 'schema.enum',
        message: `${where}: ${describe(issue.input)} is not one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'invalid_union':
      return {
        ...base,
        ...locate(path),
        rule: 'schema.type',
        message: `${where}: ${unionHint(path)}`,
      };
    default:
      return {
        ...base,
        ...locate(path),
        rule: 'schema.invalid',
        message: `${where}: ${issue.message}`,
      };
  }
}

function unionHint(path: readonly PathSegment[]): string {
  const field = path.at(-1);
  if (field === 'retention') return 'expected either { duration, from } or { criteria }';
  return 'expected one text, or an object with one text per language (en, nl, fr, de)';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return value.length > 40 ? `"${value.slice(0, 40)}…"` : JSON.stringify(value);
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value;
}
