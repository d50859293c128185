import { error, type Problem } from '../problem';
import type { Rule } from './index';
import { show } from './show';

/** The name is stamped into every generated file's header, so it may hold nothing a file format would read as syntax. */
const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Control characters other than newline, plus the Unicode line/paragraph separators and the bidi
 * overrides and isolates: they can hide or reorder text where the description is shown ("Trojan
 * Source"), and a separator reads as a line break to some parsers.
 */
// eslint-disable-next-line no-control-regex
const HIDDEN = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** `$schema` is a URL or relative path; printable ASCII without spaces, quotes or backslashes. */
const SCHEMA = /^[A-Za-z0-9._~:/?#@+,=%-]{1,512}$/;

export const metaRule: Rule = (profile) => {
  const problems: Problem[] = [];
  if (!PROFILE_NAME.test(profile.name)) {
    problems.push(
      error(
        'name',
        `is ${show(profile.name)} — a profile name is 1–64 letters, digits, '.', '_' and '-', starting with a letter or digit, ` +
          `with no spaces or quotes (it is written into every generated file's header), e.g. home-router`,
      ),
    );
  }
  const hidden = HIDDEN.exec(profile.description);
  if (hidden) {
    const cp = hidden[0].codePointAt(0) ?? 0;
    problems.push(
      error(
        'description',
        `contains the invisible or control character U+${cp.toString(16).toUpperCase().padStart(4, '0')}; ` +
          `a description is plain text where only line breaks are allowed besides printable characters`,
      ),
    );
  }
  if (profile.$schema !== undefined && !SCHEMA.test(profile.$schema)) {
    problems.push(
      error(
        '$schema',
        `is ${show(profile.$schema)} — it must be a URL or path without spaces, quotes or backslashes`,
      ),
    );
  }
  return problems;
};
