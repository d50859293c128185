/** argv that runs a command inside network namespace `ns`. */
export const inNs = (ns: string, ...argv: string[]): string[] => ['ip', 'netns', 'exec', ns, ...argv];

/** argv that creates a veth pair: `name` in namespace `ns`, its peer `peer` in namespace `peerNs`. */
export const vethBetween = (ns: string, name: string, peerNs: string, peer: string): string[] => [
  'ip',
  '-n',
  ns,
  'link',
  'add',
  name,
  'type',
  'veth',
  'peer',
  'name',
  peer,
  'netns',
  peerNs,
];
