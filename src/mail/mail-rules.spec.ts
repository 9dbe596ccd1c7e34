import { describe, expect, it } from '@jest/globals';
import { classify, describe as describeError } from './mail-rules.js';

describe('mail delivery rules', () => {
  it('tells a refusal from a delay from an outage', () => {
    expect(classify({ code: 'EENVELOPE', responseCode: 550 })).toBe('permanent');
    expect(classify({ code: 'EENVELOPE', responseCode: 451 })).toBe('temporary');
    expect(classify({ code: 'ECONNREFUSED' })).toBe('outage');
    expect(classify({ code: 'ETIMEDOUT' })).toBe('outage');
  });

  it('keeps credentials out of the reason', () => {
    expect(describeError({ code: 'ESOCKET', message: 'smtp://user:secretpass@host failed' })).not.toContain(
      'secretpass',
    );
  });
});
