import { describe, expect, it } from 'vitest';
import { recordFields } from '../../src/datastores/values.js';

describe('record text', () => {
  it('splits bare, quoted, empty and NULL fields', () => {
    expect(recordFields('(1,t,,"",abc)')).toEqual(['1', 't', null, '', 'abc']);
  });

  it('reads doubled quotes and escaped backslashes inside quotes', () => {
    expect(recordFields('("he said ""hi"", \\\\ (ok)","a,b","(",")"," ")')).toEqual([
      'he said "hi", \\ (ok)',
      'a,b',
      '(',
      ')',
      ' ',
    ]);
  });

  it('keeps a trailing NULL and a lone field', () => {
    expect(recordFields('(1,)')).toEqual(['1', null]);
    expect(recordFields('()')).toEqual([null]);
    expect(recordFields('("{""x"": 1}")')).toEqual(['{"x": 1}']);
  });

  it('refuses text that is not a record', () => {
    expect(() => recordFields('1,2')).toThrow(/parentheses/);
    expect(() => recordFields('("open)')).toThrow(/inside quotes/);
  });
});
