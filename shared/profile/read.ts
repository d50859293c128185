import { error, type Problem } from '../validate/problem';
import { show } from '../validate/rules/show';

/**
 * Tiny structural readers: they check the *shape* of untrusted JSON (types, required fields, known
 * keys) and collect a Problem for each mismatch instead of throwing. The semantic rules (addresses,
 * prefixes, ranges) run afterwards on data whose shape is known.
 */
export type Reader<T> = (value: unknown, path: string, problems: Problem[]) => T | undefined;

const describe = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  return `a ${typeof value}`;
};

export const str =
  (maxLength = 256): Reader<string> =>
  (value, path, problems) => {
    if (typeof value !== 'string') {
      problems.push(error(path, `must be text, not ${describe(value)}`));
      return undefined;
    }
    if (value.length > maxLength) {
      problems.push(error(path, `is ${value.length} characters long; at most ${maxLength} are allowed`));
      return undefined;
    }
    return value;
  };

export const int =
  (min: number, max: number): Reader<number> =>
  (value, path, problems) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      problems.push(error(path, `must be a whole number from ${min} to ${max}, not ${describe(value)}`));
      return undefined;
    }
    if (value < min || value > max) {
      problems.push(error(path, `is ${value}; it must be from ${min} to ${max}`));
      return undefined;
    }
    return value;
  };

export const bool: Reader<boolean> = (value, path, problems) => {
  if (typeof value !== 'boolean') {
    problems.push(error(path, `must be true or false, not ${describe(value)}`));
    return undefined;
  }
  return value;
};

export const oneOf =
  <const T extends readonly string[]>(choices: T): Reader<T[number]> =>
  (value, path, problems) => {
    if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value;
    const shown = typeof value === 'string' ? show(value, 40) : describe(value);
    problems.push(error(path, `is ${shown}; it must be one of: ${choices.join(', ')}`));
    return undefined;
  };

export const list =
  <T>(item: Reader<T>, maxItems = 64): Reader<T[]> =>
  (value, path, problems) => {
    if (!Array.isArray(value)) {
      problems.push(error(path, `must be a list, not ${describe(value)}`));
      return undefined;
    }
    if (value.length > maxItems) {
      problems.push(error(path, `has ${value.length} entries; at most ${maxItems} are allowed`));
      return undefined;
    }
    const out: T[] = [];
    let ok = true;
    for (const [i, v] of value.entries()) {
      const read = item(v, `${path}[${i}]`, problems);
      if (read === undefined) ok = false;
      else out.push(read);
    }
    return ok ? out : undefined;
  };

type Fields<T> = { [K in keyof T]-?: Reader<Exclude<T[K], undefined>> };

/**
 * An object with exactly these fields. Keys listed in `optional` may be absent; any other missing
 * key is an error, and so is an unknown key (a typo like `"mtU"` must not be silently ignored).
 */
export const obj =
  <T extends object>(fields: Fields<T>, optional: readonly (keyof T)[] = []): Reader<T> =>
  (value, path, problems) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(
        error(path || '(profile)', `must be an object with fields ${Object.keys(fields).join(', ')}`),
      );
      return undefined;
    }
    const record = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    let ok = true;
    for (const key of Object.keys(fields) as (keyof T & string)[]) {
      const at = path === '' ? key : `${path}.${key}`;
      if (!Object.prototype.hasOwnProperty.call(record, key) || record[key] === undefined) {
        if (optional.includes(key)) continue;
        problems.push(error(at, 'is missing'));
        ok = false;
        continue;
      }
      const read = (fields[key] as Reader<unknown>)(record[key], at, problems);
      if (read === undefined) ok = false;
      else out[key] = read;
    }
    for (const key of Object.keys(record)) {
      if (!Object.prototype.hasOwnProperty.call(fields, key)) {
        const at = path === '' ? key : `${path}.${key}`;
        problems.push(
          error(at, `is not a known field here; known fields: ${Object.keys(fields).join(', ')}`),
        );
        ok = false;
      }
    }
    return ok ? (out as T) : undefined;
  };
