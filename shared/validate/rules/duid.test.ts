import { describe, expect, it } from 'vitest';
import { checkDuid } from './duid';

const messages = (value: string) => checkDuid('d', value).problems.map((p) => `${p.severity}: ${p.message}`);

describe('checkDuid', () => {
  it('accepts DUID-LL, -EN and -UUID in any case and gives the canonical form', () => {
    expect(checkDuid('d', '00:03:00:01:52:54:00:AB:CD:EF')).toEqual({
      canonical: '00:03:00:01:52:54:00:ab:cd:ef',
      problems: [],
    });
    expect(messages('00:02:00:00:ab:11:01:02')).toEqual([]);
    expect(messages(`00:04:${Array(16).fill('aa').join(':')}`)).toEqual([]);
  });

  it('refuses plain hex and spells out the canonical form', () => {
    expect(messages('000300015254')).toEqual([
      'error: is "000300015254" — a DUID is hex bytes separated by colons, e.g. 00:03:00:01:52:54:00:12:34:56; did you mean 00:03:00:01:52:54?',
    ]);
  });

  it.each(['', '0:3:0:1', '00-03-00-01', '00:03:zz', '00:03:00:', 'x', '00:03:00:01\n'])(
    'refuses %j',
    (value) => {
      expect(messages(value)).toEqual([expect.stringMatching(/^error: .*hex bytes separated by colons/)]);
    },
  );

  it('wants 3–130 bytes', () => {
    expect(messages('00:03')).toEqual([expect.stringMatching(/^error: has 2 bytes/)]);
    expect(messages(`00:04:${Array(129).fill('aa').join(':')}`)).toEqual([
      expect.stringMatching(/^error: has 131 bytes/),
    ]);
    expect(messages(`00:04:${Array(128).fill('aa').join(':')}`)).toEqual([]);
  });

  it('warns about an unknown type', () => {
    expect(messages('00:09:aa:bb')).toEqual([
      expect.stringMatching(
        /^warning: starts with type 9, which is not a known DUID type: 1 LLT, 2 EN, 3 LL, 4 UUID/,
      ),
    ]);
    expect(messages('00:00:aa:bb')).toHaveLength(1);
  });

  it('warns that a DUID-LLT changes on reinstall, which Windows clients send', () => {
    expect(messages('00:01:00:01:2c:3d:4e:5f:52:54:00:12:34:56')).toEqual([
      expect.stringMatching(/^warning: is a DUID-LLT \(type 1\).*reinstalled.*Windows.*new DUID/),
    ]);
  });
});
