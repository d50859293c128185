import { describe, expect, it } from 'vitest';
import { decideNetworkSystem, type NetworkSystemEvidence } from './network-system';

const none: NetworkSystemEvidence = {
  netplanFiles: [],
  netplanBinary: false,
  networkdActive: false,
  networkFiles: [],
  interfacesFile: false,
  ifupBinary: false,
};
const system = (e: Partial<NetworkSystemEvidence>): string => {
  const f = decideNetworkSystem({ ...none, ...e });
  return f.known ? f.value.system : 'unknown';
};

describe('which network system configures the router', () => {
  it('netplan first, then a running networkd, then ifupdown, else plain iproute2', () => {
    expect(
      system({ netplanFiles: ['/etc/netplan/01.yaml'], netplanBinary: true, networkdActive: true }),
    ).toBe('netplan');
    expect(system({ networkdActive: true, interfacesFile: true, ifupBinary: true })).toBe('systemd-networkd');
    expect(system({ interfacesFile: true, ifupBinary: true, networkingActive: true })).toBe('ifupdown');
    expect(system({})).toBe('iproute2');
  });

  it('does not take Debian’s default ifupdown install for the network system when networking.service is not running', () => {
    // Debian installs ifupdown and an interfaces file with only `lo`; a router whose network is a unit
    // of ip commands has both, with networking.service off (seen on the Debian 13 lab router).
    const f = decideNetworkSystem({
      ...none,
      interfacesFile: true,
      ifupBinary: true,
      networkingActive: false,
    });
    expect(f).toEqual({
      known: true,
      value: {
        system: 'iproute2',
        evidence:
          'no netplan or systemd-networkd configuration, and ifupdown is installed but networking.service is not active',
      },
    });
  });

  it('keeps ifupdown where the service state cannot be asked (no systemd)', () => {
    expect(system({ interfacesFile: true, ifupBinary: true })).toBe('ifupdown');
  });
});
