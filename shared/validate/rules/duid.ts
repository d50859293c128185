import { error, warning, type Problem } from '../problem';
import { show } from './show';

const COLON_HEX = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2})*$/;
const PLAIN_HEX = /^([0-9a-fA-F]{2})+$/;
const KNOWN_TYPES = 'a known DUID type: 1 LLT, 2 EN, 3 LL, 4 UUID';

/** The checked DUID: its canonical lower-case form when the syntax was right, and what was wrong. */
export interface CheckedDuid {
  canonical: string | undefined;
  problems: Problem[];
}

/**
 * A DUID (RFC 8415 §11) as the DHCP servers take it: colon-separated hex bytes, 3–130 bytes (a 2-byte
 * type plus 1–128 bytes). Plain hex is refused with the canonical form spelled out, because the
 * renderers write the value as given and dnsmasq and dhcpd read only the colon form.
 */
export function checkDuid(path: string, value: string): CheckedDuid {
  if (!COLON_HEX.test(value)) {
    const suggestion = PLAIN_HEX.test(value)
      ? `; did you mean ${(value.match(/../g) ?? []).join(':').toLowerCase()}?`
      : '';
    return {
      canonical: undefined,
      problems: [
        error(
          path,
          `is ${show(value)} — a DUID is hex bytes separated by colons, e.g. 00:03:00:01:52:54:00:12:34:56${suggestion}`,
        ),
      ],
    };
  }
  const bytes = value.toLowerCase().split(':');
  if (bytes.length < 3 || bytes.length > 130) {
    return {
      canonical: undefined,
      problems: [
        error(
          path,
          `has ${bytes.length} bytes; a DUID has 3 to 130 bytes (a 2-byte type and 1–128 bytes of identifier)`,
        ),
      ],
    };
  }
  const problems: Problem[] = [];
  const type = parseInt(`${bytes[0] ?? ''}${bytes[1] ?? ''}`, 16);
  if (type < 1 || type > 4) {
    problems.push(
      warning(
        path,
        `starts with type ${type}, which is not ${KNOWN_TYPES}; check that the whole DUID was copied`,
      ),
    );
  } else if (type === 1) {
    problems.push(
      warning(
        path,
        'is a DUID-LLT (type 1), which contains a time stamp and changes when the operating system is reinstalled; ' +
          'Windows clients send one, so after a reinstall the reservation needs the new DUID',
      ),
    );
  }
  return { canonical: bytes.join(':'), problems };
}
