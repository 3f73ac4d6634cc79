import { describe, expect, it } from 'vitest';
import { leaked } from './leaks.js';

describe('leaked', () => {
  it('finds a fixture value as a word, in any case', () => {
    expect(leaked('{"name":"Ana Lima","phone":"+32 470"}', ['ana', 'lima', '+32'])).toEqual([
      'ana',
      'lima',
      '+32',
    ]);
    expect(leaked('mail ana@example.com', ['example.com'])).toEqual(['example.com']);
  });

  it('does not trip on a random token or on a longer word', () => {
    const signature =
      'KKpzp5ANAGinARTL5JasXKP2CRhDXP5cXKCA4HTDjtAcm7CFRMbDWBSxHZ-Qd3G6A58zEGoKOg2GZxFizmz9Dg';
    expect(leaked(`{"signature":"${signature}"}`, ['ana'])).toEqual([]);
    expect(leaked('banana, Canada', ['ana'])).toEqual([]);
  });
});
