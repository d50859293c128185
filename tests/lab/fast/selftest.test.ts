import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleFiles, formatCheck, selftestExample, STAND_IN_NOTE } from './selftest';

/**
 * The fast self-test inside `npm test`: every example is exported with the real CLI, brought up in
 * its own fresh lab, and checked from the pc and the isp. The labs are independent (own namespaces,
 * own state folder), so the examples run side by side.
 */
describe('fast lab self-test', () => {
  console.log(STAND_IN_NOTE);
  it('has examples to test', () => {
    expect(exampleFiles().length).toBeGreaterThan(0);
  });
  for (const file of exampleFiles()) {
    it.concurrent(
      basename(file, '.json'),
      async () => {
        const r = await selftestExample(file);
        console.log(
          [
            ...r.checks.map((c) => formatCheck(r.example, c)),
            `      ${r.example}: lab ${(r.ms.lab / 1000).toFixed(1)} s, apply ${(r.ms.apply / 1000).toFixed(1)} s, checks ${(r.ms.checks / 1000).toFixed(1)} s, total ${(r.ms.total / 1000).toFixed(1)} s`,
          ].join('\n'),
        );
        expect(r.checks.length).toBeGreaterThan(5);
        expect(r.checks.filter((c) => !c.pass).map((c) => formatCheck(r.example, c))).toEqual([]);
      },
      120_000,
    );
  }
});
