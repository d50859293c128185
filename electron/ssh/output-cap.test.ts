import { describe, expect, it } from 'vitest';
import { CappedBuffer, cutLine, stdoutCutLine } from './output-cap';

describe('CappedBuffer', () => {
  it('keeps what fits, unchanged', () => {
    const b = new CappedBuffer(10);
    expect(b.push(Buffer.from('abc'))).toBe(true);
    expect(b.push(Buffer.from('defghij'))).toBe(true);
    expect(b.cut).toBe(false);
    expect(b.bytes().toString()).toBe('abcdefghij');
  });

  it('keeps the head, drops the rest as it arrives, and ends with the line naming the cap', () => {
    const b = new CappedBuffer(4);
    expect(b.push(Buffer.from('abc'))).toBe(true);
    expect(b.push(Buffer.from('defg'))).toBe(false);
    expect(b.push(Buffer.from('more'))).toBe(false);
    expect(b.bytes().toString()).toBe('abcd\n[output cut at 4 bytes by v6wizard]\n');
  });

  it('names the cap in MiB when it is whole MiB', () => {
    expect(cutLine(8 * 1024 * 1024)).toBe('[output cut at 8 MiB by v6wizard]');
    expect(stdoutCutLine(64 * 1024 * 1024)).toBe(
      '[stdout cut at 64 MiB by v6wizard; the command was stopped]',
    );
  });
});
