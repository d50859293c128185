import { mkdtempSync, readdirSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabRelease } from '../lab/vm/image-spec';
import { DEBS_DIR } from '../lab/vm/paths';
import type { Vm } from '../lab/vm/vm';

const REMOTE_REPO = '/var/local/v6wizard-test-repo';
const ASIDE = '/etc/apt/v6wizard-test-sources-aside';

/**
 * Run fn while the VM's only apt source is a local repository holding these packages' .debs, taken
 * from the lab's debootstrap cache (the VM has no way out to a mirror). The Packages index is written
 * in the VM from the .debs' own control fields. The person's sources come back afterwards.
 */
export async function withLocalRepo<T>(
  vm: Vm,
  release: LabRelease,
  packages: readonly string[],
  fn: () => Promise<T>,
): Promise<T> {
  const local = mkdtempSync(join(tmpdir(), 'v6w-repo-'));
  try {
    const debs = readdirSync(join(DEBS_DIR, release));
    for (const p of packages) {
      const deb = debs.find((f) => f.startsWith(`${p}_`) && f.endsWith('.deb'));
      if (deb === undefined) throw new Error(`no ${p} .deb in ${join(DEBS_DIR, release)}`);
      copyFileSync(join(DEBS_DIR, release, deb), join(local, deb));
    }
    await vm.copyDir(local, REMOTE_REPO);
  } finally {
    rmSync(local, { recursive: true, force: true });
  }
  const setUp = await vm.exec([
    'bash',
    '-c',
    `set -e
cd ${REMOTE_REPO}
for d in *.deb; do dpkg-deb -f "$d"; printf 'Filename: ./%s\\nSize: %s\\nSHA256: %s\\n\\n' "$d" "$(stat -c %s "$d")" "$(sha256sum "$d" | cut -d' ' -f1)"; done >Packages
mkdir -p ${ASIDE}/d
if [ -e /etc/apt/sources.list ]; then mv /etc/apt/sources.list ${ASIDE}/; fi
find /etc/apt/sources.list.d -mindepth 1 -maxdepth 1 -exec mv -t ${ASIDE}/d/ {} +
echo 'deb [trusted=yes] file:${REMOTE_REPO} ./' >/etc/apt/sources.list.d/v6wizard-test.list
apt-get update -q`,
  ]);
  if (setUp.code !== 0) throw new Error(`the local repository did not work: ${setUp.stdout}${setUp.stderr}`);
  try {
    return await fn();
  } finally {
    await vm.exec([
      'bash',
      '-c',
      `rm -f /etc/apt/sources.list.d/v6wizard-test.list
if [ -e ${ASIDE}/sources.list ]; then mv ${ASIDE}/sources.list /etc/apt/; fi
find ${ASIDE}/d -mindepth 1 -maxdepth 1 -exec mv -t /etc/apt/sources.list.d/ {} +
rm -rf ${ASIDE} ${REMOTE_REPO}`,
    ]);
  }
}
