import { describe, expect, it } from 'vitest';
import type { RowKey } from '../../src/datastores/index.js';
import { loadKeys, storeKeys } from '../../src/retention/pending-keys.js';

/** Through JSON, as `retention_progress.pending` keeps them. */
const roundTrip = (keys: RowKey[]): RowKey[] =>
  loadKeys(JSON.parse(JSON.stringify(storeKeys(keys))) as ReturnType<typeof storeKeys>);

describe('pending keys', () => {
  it('stores consecutive and evenly spaced integer keys as runs, and reads them back', () => {
    const consecutive: RowKey[] = Array.from({ length: 1000 }, (_, i) => [i + 1]);
    expect(storeKeys(consecutive)).toEqual({ runs: [[1, 1, 1000]], text: false });
    expect(roundTrip(consecutive)).toEqual(consecutive);
    const fifths: RowKey[] = Array.from({ length: 500 }, (_, i) => [String(5 * i + 3)]);
    expect(storeKeys(fifths)).toEqual({ runs: [[3, 5, 500]], text: true });
    expect(roundTrip(fifths)).toEqual(fifths);
    // Gaps make more runs; each is still read back in order.
    const gapped: RowKey[] = [
      ...Array.from({ length: 20 }, (_, i): RowKey => [String(100 + i)]),
      ...Array.from({ length: 20 }, (_, i): RowKey => [String(900 + 2 * i)]),
    ];
    expect(storeKeys(gapped)).toEqual({
      runs: [
        [100, 1, 20],
        [900, 2, 20],
      ],
      text: true,
    });
    expect(roundTrip(gapped)).toEqual(gapped);
  });

  it('stores other keys one by one, exactly as they were', () => {
    const cases: RowKey[][] = [
      // Scattered integers: runs would be longer than the list.
      [[1], [7], [8], [20], [33], [61]],
      // Integers as text that would not read back the same.
      [['007'], ['008'], ['009'], ['010']],
      [['9007199254740993'], ['9007199254740994'], ['9007199254740995'], ['9007199254740996']],
      // Mixed types, text, composite keys, dates and bytes.
      [[1], ['2'], [3], [4]],
      [['ana@example.com'], ['bob@example.com']],
      [
        [501, 1],
        [501, 2],
        [502, 1],
      ],
      [[new Date('2026-01-02T03:04:05.006Z')], [new Uint8Array([1, 2, 255])]],
    ];
    for (const keys of cases) {
      expect(Array.isArray(storeKeys(keys))).toBe(true);
      expect(roundTrip(keys)).toEqual(keys);
    }
    expect(roundTrip([])).toEqual([]);
  });
});
