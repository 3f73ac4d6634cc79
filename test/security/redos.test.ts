import { performance } from 'node:perf_hooks';
import { parseRegExpLiteral, visitRegExpAST } from '@eslint-community/regexpp';
import { analyse } from 'scslre';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BATCH_BODY_LIMIT } from '../../src/server/index.js';
import {
  mapStrings,
  REGISTRY,
  routeStrings,
  type FoundString,
  type InputCheck,
} from './input-patterns.js';

/**
 * Issue 9, fault 1: the `details` pattern of the public intake backtracked exponentially, and 30
 * line breaks and one control character held every route for 11 seconds. Every pattern applied to
 * input from outside is proven linear here statically (scslre, the analysis behind
 * eslint-plugin-regexp's rules), then fed adversarial strings up to the longest input it can meet.
 */

/** Far above a linear check (microseconds), far below the fault (seconds): not a tight bound. */
const BOUND_MS = 250;

/**
 * Adversarial strings are built up to this length; past it the static proof stands alone (the
 * registry's headers, CLI arguments and datastore values can be longer).
 */
const DYNAMIC_CAP = 16 * 1024;

/** The pattern of `details` that froze the server, for the probes to prove they would catch it. */
// eslint-disable-next-line regexp/no-super-linear-backtracking, regexp/negation -- the fault itself
const FROZE_THE_SERVER = /^[^\p{Cc}]*(?:[\r\n\t]+[^\p{Cc}]*)*$/u;

/**
 * Runs repeated to build adversarial strings: line breaks, tabs, spaces, @, dots, digits, … Each
 * check also gets a member of every character class and every literal of its own patterns.
 */
const GENERIC_UNITS = [
  '\n',
  '\r\n',
  '\t',
  '\n\t',
  ' ',
  '@',
  '.',
  '0',
  'a',
  '-',
  'é',
  '\u200b',
  'a.',
  'a@',
  'a-',
  '0.',
  'a\n',
  'x@x.',
];

/** What follows a run to make the match fail (or not: the empty suffix). */
const SUFFIXES = ['\u0001', '\u0000', '!', '@', '\ud800', ''];

/** Characters to find a member of each character class of a pattern among. */
const POOL = [
  ...Array.from({ length: 0x5f }, (_, i) => String.fromCharCode(0x20 + i)),
  '\t',
  '\n',
  '\r',
  'é',
  'ß',
  '中',
  '😀',
  '\u00a0',
  '\u200b',
  '\u0085',
  '\u0000',
];

/** A member of each character class and each literal character of `pattern`: its own runs. */
function unitsOf(pattern: RegExp): string[] {
  const units = new Set<string>();
  const sample = (raw: string): void => {
    const exact = new RegExp(`^(?:${raw})$`, pattern.flags.replace(/[gy]/g, ''));
    const member = POOL.find((char) => exact.test(char));
    if (member !== undefined) units.add(member);
  };
  visitRegExpAST(parseRegExpLiteral(pattern), {
    onCharacterClassEnter: (node) => {
      sample(node.raw);
    },
    onCharacterSetEnter: (node) => {
      sample(node.raw);
    },
    onCharacterEnter: (node) => {
      units.add(String.fromCodePoint(node.value));
    },
  });
  return [...units];
}

/** scslre's reports on a pattern: each a way it backtracks or moves super-linearly. */
function superLinearity(pattern: RegExp): string[] {
  const { reports } = analyse(
    { source: pattern.source, flags: pattern.flags },
    { assumeRejectingSuffix: true },
  );
  return reports.map(
    (report) =>
      `${report.type}${report.exponential ? ' (exponential)' : ''} on runs of ${JSON.stringify(report.character.pick)}`,
  );
}

/** The lengths to try: small steps where exponential growth shows, then doubling, then each max. */
function lengthsUpTo(maxima: readonly number[]): number[] {
  const top = Math.max(...maxima);
  const lengths = new Set<number>(maxima);
  for (let n = 8; n <= 40; n += 2) lengths.add(n);
  for (let n = 64; n < top; n *= 2) lengths.add(n);
  return [...lengths].filter((n) => n <= top).sort((a, b) => a - b);
}

function adversarial(unit: string, suffix: string, length: number): string {
  const body = Math.max(0, length - suffix.length);
  return unit.repeat(Math.ceil(body / unit.length)).slice(0, body) + suffix;
}

/**
 * Feeds every check runs of each unit (the generic ones and its own patterns'), followed by each
 * suffix, at growing lengths up to its maximum (or DYNAMIC_CAP), and returns what took longer
 * than BOUND_MS. A probe stops growing for a check at its first slow answer, so an exponential
 * pattern costs a second, not a lifetime. Each string is built once for every check it is for.
 */
function slowAnswers(
  checks: readonly InputCheck[],
  options: { stopAtFirst?: boolean } = {},
): string[] {
  const slow: string[] = [];
  const unitsFor = new Map(
    checks.map((check) => [check, new Set([...GENERIC_UNITS, ...check.patterns.flatMap(unitsOf)])]),
  );
  const units = [...new Set([...unitsFor.values()].flatMap((set) => [...set]))];
  const cap = (check: InputCheck): number => Math.min(check.maxLength, DYNAMIC_CAP);
  const lengths = lengthsUpTo(checks.map(cap));
  for (const unit of units) {
    const concerned = checks.filter((check) => unitsFor.get(check)?.has(unit) === true);
    for (const suffix of SUFFIXES) {
      const failed = new Set<InputCheck>();
      for (const length of lengths) {
        const input = adversarial(unit, suffix, length);
        for (const check of concerned) {
          if (failed.has(check) || length > cap(check)) continue;
          const start = performance.now();
          check.run(input);
          const ms = performance.now() - start;
          if (ms > BOUND_MS) {
            failed.add(check);
            slow.push(
              `${check.name}: ${Math.round(ms)} ms on ${length} characters of runs of ${JSON.stringify(unit)} then ${JSON.stringify(suffix)}`,
            );
            if (options.stopAtFirst === true) return slow;
          }
        }
      }
    }
  }
  return slow;
}

const routes = routeStrings();
// Map strings without a pattern or a rule of code are a length check: nothing to time.
const map = mapStrings().filter((found) => found.patterns.length > 0 || found.custom);
const everyCheck: readonly InputCheck[] = [...routes, ...map, ...REGISTRY];

describe('input patterns (issue 9: one small request froze the server)', () => {
  it('are found in every route, the data map and the registry', () => {
    const names = routes.map((found) => found.name);
    // The walker reads routes(): these are examples, not the list.
    expect(names).toEqual(
      expect.arrayContaining([
        'POST /v1/requests body/details',
        'POST /v1/requests body/changes/*',
        'POST /v1/requests body/changes/(key)',
        'POST /v1/consents body/subject/email',
        'POST /v1/requests/:id/deny body/reason',
        'GET /u/:token params/token',
        'GET /v1/consents/receipts/:receiptId params/receiptId',
      ]),
    );
    expect(map.some((found) => found.patterns.length > 0)).toBe(true);
    expect(everyCheck.flatMap((check) => check.patterns).length).toBeGreaterThan(30);
  });

  it('cannot backtrack or move super-linearly: scslre finds no attack on any of them', () => {
    const findings = everyCheck.flatMap((check) =>
      check.patterns.flatMap((pattern) =>
        superLinearity(pattern).map((report) => `${check.name}: ${String(pattern)}: ${report}`),
      ),
    );
    expect(findings).toEqual([]);
  });

  it('give every string a route takes a maximum length, checked first and stopping there', () => {
    const unbounded = routes
      .filter(
        (found: FoundString) =>
          found.declaredMax === undefined ||
          found.firstCheck === undefined ||
          !['max_length', 'length_equals'].includes(found.firstCheck.check) ||
          !found.firstCheck.abort,
      )
      .map((found) => found.name);
    expect(unbounded).toEqual([]);
  });

  it('refuse a string over its maximum before any pattern or text rule reads it', () => {
    // zod 4 runs a .regex() after a failed .max() unless the max aborts: why `bounded` aborts.
    const counted = countingCalls(/^a*$/);
    expect(z.string().max(5).regex(counted.pattern).safeParse('aaaaaa').success).toBe(false);
    expect(counted.calls()).toBe(1);
    expect(
      z.string().max(5, { abort: true }).regex(counted.pattern).safeParse('a'.repeat(9)),
    ).toMatchObject({ success: false });
    expect(counted.calls()).toBe(1);

    // A batch body can carry one string as long as itself; NUL fails every rule that would run.
    const huge = '\u0000'.repeat(BATCH_BODY_LIMIT);
    for (const found of routes) {
      const spies = found.patterns.map(countingCalls);
      try {
        const result = found.schema.safeParse(huge);
        expect(result.success, found.name).toBe(false);
        expect(
          result.error?.issues.map((issue) => issue.code),
          found.name,
        ).toEqual(['too_big']);
        expect(
          spies.map((spy) => spy.calls()),
          found.name,
        ).toEqual(spies.map(() => 0));
      } finally {
        for (const spy of spies) spy.restore();
      }
    }
  });

  it(`answer adversarial input of their maximum length within ${BOUND_MS} ms`, () => {
    expect(slowAnswers(everyCheck)).toEqual([]);
  });

  it('would have caught the pattern that froze the server, statically and by the probes', () => {
    expect(superLinearity(FROZE_THE_SERVER).join()).toContain('(exponential)');
    const slow = slowAnswers(
      [
        {
          name: 'details before the fix',
          patterns: [FROZE_THE_SERVER],
          maxLength: 4000,
          run: (input) => FROZE_THE_SERVER.test(input),
        },
      ],
      { stopAtFirst: true },
    );
    expect(slow).toHaveLength(1);
  });
});

/** Counts the calls of a pattern's `test` and `exec` (zod calls `test`) until restored. */
function countingCalls(pattern: RegExp): {
  pattern: RegExp;
  calls: () => number;
  restore: () => void;
} {
  let calls = 0;
  const own = pattern as RegExp & { test: RegExp['test']; exec: RegExp['exec'] };
  // Both go to the built-in exec directly, so a test() is one call, not two.
  own.test = (input: string): boolean => {
    calls += 1;
    return RegExp.prototype.exec.call(pattern, input) !== null;
  };
  own.exec = (input: string): RegExpExecArray | null => {
    calls += 1;
    return RegExp.prototype.exec.call(pattern, input);
  };
  return {
    pattern,
    calls: () => calls,
    restore: () => {
      delete (own as { test?: unknown }).test;
      delete (own as { exec?: unknown }).exec;
    },
  };
}
