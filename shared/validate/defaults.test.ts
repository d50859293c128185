import { describe, expect, it } from 'vitest';
import { defaultProfile } from '../profile/defaults';
import { validateProfile } from './index';

describe('validateProfile(defaultProfile())', () => {
  it('has no problems at all: a new profile starts clean', () => {
    const v = validateProfile(defaultProfile());
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
  });
});
