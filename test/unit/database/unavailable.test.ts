import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../../src/infrastructure/database/unavailable.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '53300', '08006', '57014'])(
    'when the error code is %s, then it is an outage',
    (code) => {
      expect(isDatabaseUnavailable(withCode(code))).toBe(true);
    },
  );

  it('when the pool times out waiting for a connection, then it is an outage', () => {
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('when one of several connection attempts was refused, then it is an outage', () => {
    expect(isDatabaseUnavailable(new AggregateError([withCode('ECONNREFUSED')], 'all failed'))).toBe(true);
  });

  it.each(['23505', '22P02', '42P01'])('when the error is a query error %s, then it is not an outage', (code) => {
    expect(isDatabaseUnavailable(withCode(code))).toBe(false);
  });

  it('when the value is not an Error, then it is not an outage', () => {
    expect(isDatabaseUnavailable({ code: 'ECONNREFUSED' })).toBe(false);
  });
});
