/**
 * The Help ▸ About box: a native message box, with no links (nothing in it can open a browser or a
 * file) and the versions a bug report needs.
 */
export interface AboutBox {
  type: 'info';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  noLink: true;
}

/** The About box for this version; `versions` is process.versions of the main process. */
export function aboutBox(
  version: string,
  versions: { electron?: string; chrome?: string; node?: string },
): AboutBox {
  return {
    type: 'info',
    title: 'About v6wizard',
    message: `v6wizard ${version}`,
    detail: [
      'Takes a Linux home router with no native IPv6 to a working, safe IPv6 network: a 6in4 tunnel from a tunnel broker, router advertisements, DHCPv6, a firewall baseline and correct Duplicate Address Detection.',
      'Every generated file is checked by the daemon that reads it and is installed with a backup you can undo.',
      '',
      `Electron ${versions.electron ?? '?'} · Chromium ${versions.chrome ?? '?'} · Node ${versions.node ?? '?'}`,
      'License: MIT',
    ].join('\n'),
    buttons: ['OK'],
    noLink: true,
  };
}
