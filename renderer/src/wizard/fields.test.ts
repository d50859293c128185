import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../shared/validate';
import { candidatePaths, fieldId, fieldKey, problemsAt, rowNumber } from './fields';
import { formatList, parseList } from './lists';

const p = (path: string): Problem => ({ path, severity: 'error', message: path });

describe('fields', () => {
  it('makes ids that are valid and distinct per path', () => {
    expect(fieldId('tunnel.mtu')).toBe('f-tunnel-mtu');
    expect(fieldId('firewall.openings[2].port')).toBe('f-firewall-openings-2-port');
    expect(fieldId('firewall.openings[2].port')).not.toBe(fieldId('firewall.openings[3].port'));
  });

  it('names fields without list indexes, and finds the entry number', () => {
    expect(fieldKey('dhcpv6.reservations[10].duid')).toBe('dhcpv6.reservations.duid');
    expect(rowNumber('dhcpv6.reservations[10].duid')).toBe(11);
    expect(rowNumber('tunnel.mtu')).toBeUndefined();
  });

  it('shows a list field the problems of its entries, and nothing of a sibling', () => {
    const all = [p('ra.rdnss'), p('ra.rdnss[1]'), p('ra.rdnssX'), p('ra.dnssl[0]')];
    expect(problemsAt(all, 'ra.rdnss').map((x) => x.path)).toEqual(['ra.rdnss', 'ra.rdnss[1]']);
  });

  it('walks from the most to the least specific path', () => {
    expect(candidatePaths('ra.rdnss[1]')).toEqual(['ra.rdnss[1]', 'ra.rdnss', 'ra']);
    expect(candidatePaths('name')).toEqual(['name']);
    expect(candidatePaths('')).toEqual([]);
  });

  it('reads a list typed one per line, with commas or spaces, dropping blanks', () => {
    expect(parseList('2001:db8::1\n\n 2001:db8::2 ,home.arpa\n')).toEqual([
      '2001:db8::1',
      '2001:db8::2',
      'home.arpa',
    ]);
    expect(parseList('   ')).toEqual([]);
    expect(formatList(['a', 'b'])).toBe('a\nb');
  });
});
