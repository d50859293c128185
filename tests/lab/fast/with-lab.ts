import { createFastLab, type FastLab, type FastLabOptions } from './lab';

/**
 * Hand a test a fresh fast lab and remove all of it afterwards — processes by pid, namespaces, the
 * state folder — whether the body returns or throws. A teardown that leaves anything behind fails
 * the test (after the body's own error, if there was one, which is the more useful message).
 */
export async function withFastLab<T>(
  body: (lab: FastLab) => Promise<T>,
  options: FastLabOptions = {},
): Promise<T> {
  const lab = await createFastLab({ ...options, kind: 'test' });
  let result: T;
  try {
    result = await body(lab);
  } finally {
    const left = await lab.destroy();
    if (left.length > 0) {
      // Thrown from finally on purpose: leftovers must never pass silently. `lab down` clears them.
      // eslint-disable-next-line no-unsafe-finally
      throw new Error(`fast lab ${lab.id}: teardown left ${left.join(', ')} (run: npm run lab -- down)`);
    }
  }
  return result;
}

export type { FastLab, FastLabOptions };
