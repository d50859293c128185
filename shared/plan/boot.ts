import { bootRaise, parseIfupdown, type IfupdownFile } from '../detect/ifupdown';
import type { Profile } from '../profile/types';
import type { RenderedFile } from '../render/types';
import type { PlanNote } from './notes';

/** The file ifupdown reads first; everything else comes in through its `source` lines. */
export const INTERFACES_ROOT = '/etc/network/interfaces';

/**
 * Whether the router's own boot configuration brings the LAN (and the WAN the tunnel needs) up by
 * itself under ifupdown, read from the person's files without v6wizard's own (the rendered ifupdown
 * file is left out, so a second plan after the apply reaches the same answer). An address the apply
 * only sets live is gone at the next reboot: a LAN nothing raises is refused unless v6wizard's file
 * raises it (router.raiseLanAtBoot), and a LAN the person declares but keeps from the boot is refused
 * always, since raising it would overrule that choice.
 */
export function bootNotes(
  profile: Profile,
  rendered: readonly RenderedFile[],
  files: readonly IfupdownFile[] | { unread: string },
): PlanNote[] {
  const { router } = profile;
  if (router.networkSystem !== 'ifupdown') return [];
  const lan = router.lanInterface;
  if ('unread' in files)
    return [{ code: 'ifupdownUnread', severity: 'refuse', params: { lan, reason: files.unread } }];
  const ours = rendered.filter((f) => f.path.startsWith('/etc/network/')).map((f) => f.path);
  const config = parseIfupdown(files, INTERFACES_ROOT, ours);
  if (config.read.length === 0) {
    return [
      { code: 'ifupdownUnread', severity: 'refuse', params: { lan, reason: `${INTERFACES_ROOT} is absent` } },
    ];
  }
  const read = config.read.join(', ');
  const notes: PlanNote[] = [];
  const raise = router.raiseLanAtBoot === true;
  const state = bootRaise(config, lan);
  switch (state.kind) {
    case 'raised':
      if (raise) {
        const first = state.lines[0];
        notes.push({
          code: 'lanRaisedTwice',
          severity: 'info',
          params: { lan, how: first?.kind ?? 'auto', file: first?.file ?? INTERFACES_ROOT },
        });
      }
      break;
    case 'absent':
      notes.push(
        raise
          ? { code: 'lanRaisedByV6wizard', severity: 'info', params: { lan, files: read } }
          : { code: 'lanNotRaised', severity: 'refuse', params: { lan, files: read } },
      );
      break;
    case 'declared':
      notes.push({
        code: 'lanDeclaredNotRaised',
        severity: 'refuse',
        params: { lan, file: state.stanza.file, family: state.stanza.family, method: state.stanza.method },
      });
      break;
    case 'mapped':
      notes.push({ code: 'lanMapped', severity: 'refuse', params: { lan, file: state.file } });
      break;
  }
  const wan = bootRaise(config, router.wanInterface);
  if (wan.kind !== 'raised') {
    notes.push({
      code: 'wanNotRaised',
      severity: 'warning',
      params: { wan: router.wanInterface, files: read, local: profile.tunnel.localIpv4 },
    });
  }
  return notes;
}
