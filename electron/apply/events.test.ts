import { describe, expect, it } from 'vitest';
import { ApplyLog, redact } from './events';

describe('redact', () => {
  it('replaces every occurrence of every secret, short ones too, and ignores empty ones', () => {
    expect(redact('pw=sudo-PASSWORD-xyz; again sudo-PASSWORD-xyz', ['sudo-PASSWORD-xyz'])).toBe(
      'pw=[redacted]; again [redacted]',
    );
    expect(redact('a ab abc', ['ab', ''])).toBe('a [redacted] [redacted]c');
    expect(redact('nothing secret', [])).toBe('nothing secret');
  });
});

describe('ApplyLog', () => {
  it('keeps secrets out of the text, in the output and the head line alike', () => {
    const log = new ApplyLog(['k3y-SECRET-value', 'sudo-PASSWORD-xyz']);
    log.add({ step: 'broker', status: 'ok', output: 'good 192.0.2.1 k3y-SECRET-value\n', progress: 0.5 });
    log.add({ step: 'rollback', status: 'failed', output: '[sudo] sudo-PASSWORD-xyz', progress: 1 });
    const text = log.text();
    expect(text).not.toContain('k3y-SECRET-value');
    expect(text).not.toContain('sudo-PASSWORD-xyz');
    expect(text).toMatch(
      /^\[[^\]]+\] broker ok 50%\ngood 192\.0\.2\.1 \[redacted\]\n\[[^\]]+\] rollback failed 100%\n\[sudo\] \[redacted\]\n$/,
    );
  });
});
