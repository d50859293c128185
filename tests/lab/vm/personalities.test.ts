import { describe, expect, it } from 'vitest';
import { sortedTables } from './personalities';

const ip =
  'table ip filter {\n\tchain FORWARD {\n\t\ttype filter hook forward priority filter; policy drop;\n\t}\n}\n';
const ip6 = 'table ip6 filter {\n\tchain FORWARD {\n\t\tcounter jump DOCKER-USER\n\t}\n}\n';

describe("the lab's view of other tools' nft tables", () => {
  it('compares tables, not the order nft created them in (a reboot loads them in another order)', () => {
    expect(sortedTables(ip6 + ip)).toBe(sortedTables(ip + ip6));
    expect(sortedTables(ip6 + ip)).toBe(ip + ip6);
  });

  it('still tells a changed rule apart', () => {
    expect(sortedTables(ip + ip6.replace('DOCKER-USER', 'V6WIZARD-FORWARD'))).not.toBe(
      sortedTables(ip + ip6),
    );
  });
});

describe('chains inside a table', () => {
  it('compares the chains, not the order they were created in', () => {
    const a = 'table ip filter {\n\tchain ufw-a {\n\t}\n\n\tchain INPUT {\n\t\tcounter jump ufw-a\n\t}\n}\n';
    const b = 'table ip filter {\n\tchain INPUT {\n\t\tcounter jump ufw-a\n\t}\n\n\tchain ufw-a {\n\t}\n}\n';
    expect(sortedTables(a)).toBe(sortedTables(b));
    expect(sortedTables(a.replace('jump ufw-a', 'accept'))).not.toBe(sortedTables(b));
  });
});
