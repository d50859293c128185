import { describe, expect, it } from 'vitest';
import { defaultProfile } from '../../../shared/profile/defaults';
import { render } from '../../../shared/render';
import { downloadName, filesForStages, modeOctal } from './select';

describe('preview selection', () => {
  const files = render(defaultProfile());

  it('shows a step the files of its stages, in render order', () => {
    const shown = filesForStages(files, ['network', 'sysctl']);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((f) => f.stage === 'network' || f.stage === 'sysctl')).toBe(true);
    expect(filesForStages(files, ['ra']).map((f) => f.path)).toEqual([
      '/etc/radvd.conf',
      '/etc/systemd/system/radvd.service.d/60-v6wizard-watch.conf',
      '/etc/systemd/system/v6wizard-tunnel-watch.service',
      '/usr/local/sbin/v6wizard-tunnel-watch',
    ]);
    expect(filesForStages(files, [])).toEqual([]);
  });

  it('names downloads and modes', () => {
    expect(downloadName('/etc/radvd.conf')).toBe('radvd.conf');
    expect(modeOctal(0o644)).toBe('0644');
    expect(modeOctal(0o755)).toBe('0755');
  });
});
