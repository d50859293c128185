import { describe, expect, it } from 'vitest';
import { MAX_OUTPUT_BYTES } from '../ssh/output-cap';
import type { ExecOptions, RemoteSession } from '../ssh/types';
import { probe, PROBE_MAX_OUTPUT_BYTES } from './remote';

describe('probe', () => {
  it('asks for its own, larger output cap: it prints whole router files and rulesets as base64', async () => {
    const seen: ExecOptions[] = [];
    const session: RemoteSession = {
      target: { host: 'router.test', port: 22, user: 'root' },
      hostKeyFingerprint: 'SHA256:fake',
      exec: (_argv, options = {}) => {
        seen.push(options);
        return Promise.resolve({ code: 0, stdout: 'A\n\n', stderr: '' });
      },
      writeFile: () => Promise.resolve(),
      readFile: () => Promise.resolve(undefined),
      close: () => Promise.resolve(),
    };
    await probe(session, ['/etc/radvd.conf'], []);
    expect(seen.map((o) => o.maxOutputBytes)).toEqual([PROBE_MAX_OUTPUT_BYTES]);
    expect(PROBE_MAX_OUTPUT_BYTES).toBeGreaterThan(MAX_OUTPUT_BYTES);
  });
});
