import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { describe, expect, it } from 'vitest';
import config from '../../electron-builder.config.js';

/**
 * electron-builder cannot run on the build machines (it downloads Electron and its packaging tools),
 * so its configuration is checked here the way `npm run dist` would check it first: against
 * electron-builder's own JSON schema, plus the things that schema cannot know and that would make the
 * build or the installed app fail on a user's machine.
 */

const root = join(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
/** validateConfiguration only reads `isEnabled` (and calls `add` when it is true). */
const quietLogger = { isEnabled: false, add: () => undefined } as unknown as Parameters<
  typeof validateConfiguration
>[1];

describe('electron-builder.config.js', () => {
  it("passes electron-builder 26's own schema validation", async () => {
    await expect(validateConfiguration(config, quietLogger)).resolves.toBeUndefined();
  });

  it('is really checked: a misspelt option is rejected', async () => {
    const broken = {
      ...config,
      linux: { ...config.linux, tagret: ['AppImage'] },
    } as unknown as typeof config;
    await expect(validateConfiguration(broken, quietLogger)).rejects.toThrow(/configuration/i);
  });

  it('builds AppImage + deb, NSIS and dmg', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect((pkg['scripts'] as Record<string, string>)['dist']).toMatch(
      /electron-builder --config electron-builder\.config\.js/,
    );
  });

  it('packs what the app loads: the main bundle named in package.json, the preload and the renderer', () => {
    expect(pkg['main']).toBe('out/main/main.js');
    expect(config.files).toEqual(['out/**', 'package.json']);
  });

  it('flips the fuses that would let the packaged app run arbitrary code (checklist #19)', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it("keeps the deb's default dependencies, which bring libsecret for the secret store", () => {
    expect(config.deb?.depends).toBeUndefined();
  });

  it('gives the deb what electron-builder demands of it: a homepage and a maintainer', () => {
    // electron-builder's deb target stops with "Please specify project homepage" without one
    // (app-builder-lib FpmTarget.computeFpmMetaInfoOptions), after the long download, not before.
    const homepage =
      (config.extraMetadata as { homepage?: unknown } | undefined)?.homepage ?? pkg['homepage'];
    expect(homepage, 'package.json needs "homepage" for the .deb build').toEqual(
      expect.stringMatching(/^https:\/\//),
    );
    expect(config.linux?.maintainer).toBeTruthy();
  });
});
