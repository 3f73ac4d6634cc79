import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hashParts } from '../../src/evidence/evidence-hash.js';
import { canonicalJson, evidenceHash, GENESIS_HASH } from '../../src/evidence/index.js';

describe('evidenceHash', () => {
  it('is SHA-256 of the canonical JSON docs/evidence.md spells out', () => {
    const record = {
      seq: 1,
      recordedAt: new Date('2026-01-01T09:00:00.123Z'),
      actor: 'key_live',
      action: 'consent.recorded',
      subjectRef: '3f0c8a52-7d44-4a53-9a4e-0f6c7c1d2b11',
      details: { status: 'granted', purpose: 'newsletter' },
      prevHash: GENESIS_HASH,
    };
    const text =
      '{"action":"consent.recorded","actor":"key_live",' +
      '"details":{"purpose":"newsletter","status":"granted"},' +
      `"prevHash":"${GENESIS_HASH}","recordedAt":"2026-01-01T09:00:00.123Z","seq":1,` +
      '"subjectRef":"3f0c8a52-7d44-4a53-9a4e-0f6c7c1d2b11"}';
    expect(evidenceHash(record)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    const doc = readFileSync(
      fileURLToPath(new URL('../../docs/evidence.md', import.meta.url)),
      'utf8',
    );
    expect(doc).toContain(text);
    expect(doc).toContain(evidenceHash(record));
  });

  it('changes with every field', () => {
    const base = {
      seq: 7,
      recordedAt: new Date('2026-01-01T09:00:00.000Z'),
      actor: 'system',
      action: 'sweep.ran',
      subjectRef: null,
      details: {},
      prevHash: GENESIS_HASH,
    };
    const variants = [
      { ...base, seq: 8 },
      { ...base, recordedAt: new Date('2026-01-01T09:00:00.001Z') },
      { ...base, actor: 'systen' },
      { ...base, action: 'sweep.run' },
      { ...base, subjectRef: '' },
      { ...base, details: { n: 1 } },
      { ...base, prevHash: 'f'.repeat(64) },
    ];
    const hashes = new Set([base, ...variants].map(evidenceHash));
    expect(hashes.size).toBe(variants.length + 1);
  });
});

describe('hashParts', () => {
  it('cut the same canonical text evidenceHash hashes, around the previous hash and the sequence', () => {
    const records = [
      {
        recordedAt: new Date('1999-12-31T23:59:59.999Z'),
        actor: 'key "quoted" \\ back\nslash',
        action: 'consent.recorded',
        subjectRef: null,
        details: { z: [1, { y: 'ü 😀 \u2028' }], a: -1.5e-7, empty: '' },
      },
      {
        recordedAt: new Date(0),
        actor: 'system',
        action: 'sweep.ran',
        subjectRef: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
        details: {},
      },
    ];
    for (const [index, record] of records.entries()) {
      const seq = 123_456_789 + index;
      const prevHash = createHash('sha256').update(String(index)).digest('hex');
      const { before, between, after } = hashParts(record);
      const hash = createHash('sha256')
        .update(`${before}${prevHash}${between}${seq}${after}`, 'utf8')
        .digest('hex');
      expect(hash).toBe(evidenceHash({ ...record, seq, prevHash }));
    }
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and leaves no whitespace', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: 'x', ä: null })).toBe(
      '{"a":"x","b":[{"c":2,"d":1}],"ä":null}',
    );
  });

  it('leaves out undefined properties, as JSON.stringify does', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it('gives the same text for values in any key order', () => {
    expect(canonicalJson({ x: 1, y: { p: true, q: false } })).toBe(
      canonicalJson({ y: { q: false, p: true }, x: 1 }),
    );
  });
});
