import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, EXIT, isErrorCode, type ErrorCode } from '../../src/error-codes.js';
import { CustodianError, exitCodeOf } from '../../src/errors.js';
import { problemFor } from '../../src/server/errors.js';

const src = fileURLToPath(new URL('../../src/', import.meta.url));

/** The text of every TypeScript file under src/, but the catalog itself. */
function sources(dir = src): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    if (!entry.name.endsWith('.ts') || file.endsWith('error-codes.ts')) return [];
    return [readFileSync(file, 'utf8')];
  });
}

const CODES = Object.keys(ERROR_CODES) as ErrorCode[];
const ID = '00000000-0000-4000-8000-000000000001';

describe('the catalog of error codes', () => {
  it('holds every code src/ throws (the type checker holds the rest)', () => {
    const thrown = sources().flatMap((text) =>
      [...text.matchAll(/new CustodianError\(\s*'([^']*)'/g)].map((match) => match[1] ?? ''),
    );
    expect(thrown.length).toBeGreaterThan(50);
    expect(thrown.filter((code) => !isErrorCode(code))).toEqual([]);
  });

  it('holds no code src/ never uses', () => {
    const text = sources().join('\n');
    expect(CODES.filter((code) => !text.includes(`'${code}'`))).toEqual([]);
  });

  it('gives each code a status, a title and an exit code of the documented set', () => {
    const exits = new Set<number>(Object.values(EXIT));
    for (const code of CODES) {
      const kind = ERROR_CODES[code];
      expect(kind.status, code).toBeGreaterThanOrEqual(400);
      expect(kind.status, code).toBeLessThan(600);
      expect(kind.title, code).not.toBe('');
      expect(exits.has(kind.exit), code).toBe(true);
    }
  });

  it('is what the server answers: status and title, detail only below 500', () => {
    for (const code of CODES) {
      const problem = problemFor(new CustodianError(code, 'what went wrong'), ID);
      const { status, title } = ERROR_CODES[code];
      expect(problem, code).toMatchObject({
        status,
        title,
        code,
        type: expect.stringContaining(code),
      });
      if (status >= 500) expect(problem.detail, code).toBeUndefined();
    }
  });

  it('is what the CLI exits with; anything else is an internal error, exit 3', () => {
    for (const code of CODES) {
      expect(exitCodeOf(new CustodianError(code, 'what went wrong')), code).toBe(
        ERROR_CODES[code].exit,
      );
    }
    expect(exitCodeOf(new TypeError('a bug'))).toBe(EXIT.internal);
    expect(exitCodeOf({ message: 'a plain object' })).toBe(3);
  });
});
