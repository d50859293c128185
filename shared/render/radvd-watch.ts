import dropinTemplate from '../../templates/radvd/radvd-watch-dropin.conf.tmpl?raw';
import unitTemplate from '../../templates/radvd/v6wizard-tunnel-watch.service.tmpl?raw';
import scriptTemplate from '../../templates/radvd/v6wizard-tunnel-watch.sh.tmpl?raw';
import type { Derived } from '../profile/derive';
import type { Profile } from '../profile/types';
import { header } from './header';
import { UNIT_CHECK } from './unit-check';
import { fill } from './template';
import type { RenderContext, RenderedFile } from './types';

/** Where the watch lives and what it writes. */
export const WATCH = {
  script: '/usr/local/sbin/v6wizard-tunnel-watch',
  unit: 'v6wizard-tunnel-watch',
  dropin: '/etc/systemd/system/radvd.service.d/60-v6wizard-watch.conf',
  /** The file radvd reads: /etc/radvd.conf, or it with router lifetime 0 while the tunnel is down. */
  runConf: '/run/v6wizard/radvd.conf',
  /** One ping to the broker's tunnel address this often (seconds); it also keeps a NAT mapping alive. */
  intervalSeconds: 5,
  /** Unanswered pings in a row before the tunnel counts as down. */
  failures: 3,
} as const;

/** A shell single-quoted word (values are validated names and canonical addresses; quoted anyway). */
const shellWord = (value: string): string => `'${value.replaceAll("'", `'\\''`)}'`;

/**
 * The tunnel watch (RFC 7084 and RFC 4861 6.2.5: a router without a working uplink stops offering
 * itself as the default router): its script, its unit, and the drop-in that points radvd at the file
 * the script writes. With the ra stage, because what it changes is radvd's advertisement.
 */
export function renderTunnelWatch(profile: Profile, derived: Derived, ctx: RenderContext): RenderedFile[] {
  const tunnel = profile.tunnel.interface;
  const common = { mode: 0o644, owner: 'root:root', stage: 'ra' as const };
  return [
    {
      ...common,
      path: WATCH.script,
      mode: 0o755,
      content: fill(scriptTemplate, {
        header: header(ctx),
        tunnelName: tunnel,
        serverName: derived.tunnelServer,
        tunnel: shellWord(tunnel),
        server: shellWord(derived.tunnelServer),
        interval: String(WATCH.intervalSeconds),
        failures: String(WATCH.failures),
        runConf: WATCH.runConf,
      }),
      validate: ['sh', '-n', '{file}'],
      description: `Pings the broker's end of ${tunnel} (${derived.tunnelServer}) every ${WATCH.intervalSeconds} s; after ${WATCH.failures} unanswered, radvd advertises router lifetime 0 until it answers again.`,
    },
    {
      ...common,
      path: `/etc/systemd/system/${WATCH.unit}.service`,
      service: WATCH.unit,
      content: fill(unitTemplate, { header: header(ctx), tunnel, script: WATCH.script }),
      validate: [...UNIT_CHECK],
      description: `systemd unit that runs the tunnel watch for ${tunnel} from boot on.`,
    },
    {
      ...common,
      path: WATCH.dropin,
      service: 'radvd',
      content: fill(dropinTemplate, {
        header: header(ctx),
        tunnel,
        script: WATCH.script,
        runConf: WATCH.runConf,
      }),
      description: `Points radvd at ${WATCH.runConf}, which the tunnel watch writes from /etc/radvd.conf (router lifetime 0 while ${tunnel} is down).`,
    },
  ];
}
