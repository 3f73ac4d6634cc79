import { describe, expect, it } from 'vitest';
import { CustodianError } from '../../src/errors.js';
import { kindOf, problemFor } from '../../src/server/errors.js';

describe('the HTTP meaning of execution errors', () => {
  it('answers each with its status, chosen in one place', () => {
    expect(
      Object.fromEntries(
        (
          [
            'package.not_found',
            'package.gone',
            'package.downloading',
            'plan.unbreakable_cycle',
            'plan.foreign_reference',
            'execution.not_runnable',
            'execution.already_running',
            'certificate.not_found',
          ] as const
        ).map((code) => [code, kindOf(code).status]),
      ),
    ).toEqual({
      'package.not_found': 404,
      // RFC 9110 section 15.5.11: downloaded or expired, on purpose.
      'package.gone': 410,
      // A second download while the first is being sent.
      'package.downloading': 409,
      'plan.unbreakable_cycle': 422,
      'plan.foreign_reference': 422,
      'execution.not_runnable': 422,
      'execution.already_running': 409,
      'certificate.not_found': 404,
    });
  });

  it('tells why, in the error’s own words', () => {
    const problem = problemFor(
      new CustodianError(
        'execution.already_running',
        'this request is being run by another process',
      ),
      '00000000-0000-4000-8000-000000000001',
    );
    expect(problem).toMatchObject({
      status: 409,
      code: 'execution.already_running',
      detail: 'this request is being run by another process',
    });
  });
});
