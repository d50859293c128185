import { error, type Problem } from '../validate/problem';
import { bool, int, list, obj, oneOf, str, type Reader } from './read';
import {
  BROKER_PRESETS,
  DAD_STRATEGIES,
  DHCP_MODES,
  DHCP_SERVERS,
  DISTROS,
  FIREWALL_BACKENDS,
  NETPLAN_DEVICE_TYPES,
  NETWORK_SYSTEMS,
  PROFILE_VERSION,
  PROTOCOLS,
  type BrokerUpdate,
  type DadSection,
  type DhcpLeaseTimes,
  type DhcpReservation,
  type DhcpSection,
  type FirewallSection,
  type HostOpening,
  type LanSection,
  type ManagementAccess,
  type NetplanPort,
  type Profile,
  type RaSection,
  type RouterSection,
  type SecretRef,
  type ServicePort,
  type TunnelSection,
} from './types';

const DAY = 86400;
const YEAR = 365 * DAY;
const address = str(64);
const port = int(1, 65535);

const management = obj<ManagementAccess>({ sshPort: port, fromLan: bool, allowFrom: list(address, 32) });

const netplanPort = obj<NetplanPort>({ name: str(64), deviceType: oneOf(NETPLAN_DEVICE_TYPES) });

const router = obj<RouterSection>(
  {
    distro: oneOf(DISTROS),
    networkSystem: oneOf(NETWORK_SYSTEMS),
    firewallBackend: oneOf(FIREWALL_BACKENDS),
    wanInterface: str(64),
    lanInterface: str(64),
    management,
    wanNetworkFile: str(128),
    lanNetworkFile: str(128),
    wanDeviceType: oneOf(NETPLAN_DEVICE_TYPES),
    lanDeviceType: oneOf(NETPLAN_DEVICE_TYPES),
    lanBridgePorts: list(netplanPort, 16),
    raiseLanAtBoot: bool,
  },
  ['wanNetworkFile', 'lanNetworkFile', 'wanDeviceType', 'lanDeviceType', 'lanBridgePorts', 'raiseLanAtBoot'],
);

const secretRef = obj<SecretRef>({ secretRef: str(128) });
const brokerUpdate = obj<BrokerUpdate>({ username: str(128), tunnelId: str(32), updateKey: secretRef });

const tunnel = obj<TunnelSection>(
  {
    broker: oneOf(BROKER_PRESETS),
    serverIpv4: address,
    localIpv4: address,
    clientIpv6: address,
    serverIpv6: address,
    routedPrefix: address,
    interface: str(64),
    mtu: int(0, 65535),
    ttl: int(1, 255),
    update: brokerUpdate,
  },
  ['update'],
);

const lan = obj<LanSection>({ subnetId: int(0, 65535), routerInterfaceId: address });

const ra = obj<RaSection>({
  minIntervalSeconds: int(0, 100000),
  maxIntervalSeconds: int(0, 100000),
  defaultLifetimeSeconds: int(0, 100000),
  linkMtu: int(0, 65535),
  validLifetimeSeconds: int(0, YEAR),
  preferredLifetimeSeconds: int(0, YEAR),
  rdnss: list(address, 8),
  dnssl: list(str(253), 8),
});

const reservation = obj<DhcpReservation>(
  { name: str(63), duid: str(400), iaid: int(0, 4294967295), address },
  ['iaid'],
);

const leaseTimes = obj<DhcpLeaseTimes>({
  preferredSeconds: int(0, YEAR),
  minSeconds: int(0, YEAR),
  defaultSeconds: int(0, YEAR),
  maxSeconds: int(0, YEAR),
});

const dhcpv6 = obj<DhcpSection>({
  mode: oneOf(DHCP_MODES),
  server: oneOf(DHCP_SERVERS),
  poolStart: address,
  poolEnd: address,
  leaseTimes,
  dnsServers: list(address, 8),
  domainSearch: list(str(253), 8),
  reservations: list(reservation, 256),
});

const servicePort = obj<ServicePort>({ name: str(32), protocol: oneOf(PROTOCOLS), port });
const opening = obj<HostOpening>({ host: address, protocol: oneOf(PROTOCOLS), port, description: str(128) });

const firewall = obj<FirewallSection>({
  allowEchoFromInternet: bool,
  routerServices: list(servicePort, 32),
  openings: list(opening, 128),
  logDrops: bool,
  logRatePerMinute: int(1, 600),
});

const dad = obj<DadSection>({
  strategy: oneOf(DAD_STRATEGIES),
  timeoutSeconds: int(0, 600),
  services: list(str(64), 32),
});

const version: Reader<typeof PROFILE_VERSION> = (value, path, problems) => {
  if (value === PROFILE_VERSION) return PROFILE_VERSION;
  problems.push(
    error(
      path,
      typeof value === 'number' && value > PROFILE_VERSION
        ? `is ${value}, newer than this v6wizard understands (${PROFILE_VERSION}); update v6wizard`
        : `must be ${PROFILE_VERSION}`,
    ),
  );
  return undefined;
};

const profileReader = obj<Profile>(
  {
    $schema: str(512),
    version,
    name: str(64),
    description: str(1000),
    router,
    tunnel,
    lan,
    ra,
    dhcpv6,
    firewall,
    dad,
  },
  ['$schema'],
);

/**
 * Bring an older profile up to the current version. Version 1 is the first; the function is the place
 * later versions add their steps (each a pure `vN → vN+1`), so a saved profile always opens.
 */
export function migrate(input: unknown): unknown {
  return input;
}

/** Check the shape of untrusted input. Never throws; returns the typed profile only when the shape is right. */
export function parseProfile(input: unknown): { profile: Profile | undefined; problems: Problem[] } {
  const problems: Problem[] = [];
  let profile: Profile | undefined;
  try {
    profile = profileReader(migrate(input), '', problems);
  } catch (e) {
    // Readers do not throw by design; this is the last guard so hostile input can never escape as an exception.
    problems.push(error('', `could not be read: ${e instanceof Error ? e.message : String(e)}`));
    profile = undefined;
  }
  return { profile, problems };
}

/** Parse JSON text; a syntax error becomes a Problem at the top level. */
export function parseProfileJson(json: string): { profile: Profile | undefined; problems: Problem[] } {
  let input: unknown;
  try {
    input = JSON.parse(json);
  } catch (e) {
    return {
      profile: undefined,
      problems: [error('(file)', `is not valid JSON: ${e instanceof Error ? e.message : String(e)}`)],
    };
  }
  return parseProfile(input);
}
