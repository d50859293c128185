// @ts-check
/**
 * Packaging for people's machines: AppImage + deb on Linux, an NSIS installer on Windows, a dmg on macOS.
 * `npm run dist` builds for the current OS. It downloads Electron and packaging tools on first use, so it
 * runs on a normal machine with internet access, not on the offline build machines (see README).
 * @type {import('electron-builder').Configuration}
 */
const config = {
  appId: 'org.v6wizard.app',
  productName: 'v6wizard',
  directories: { output: 'dist/app', buildResources: 'build' },
  files: ['out/**', 'package.json'],
  extraResources: [{ from: 'examples', to: 'examples' }],
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Network',
    maintainer: 'v6wizard developers',
    synopsis: 'IPv6 over a 6in4 tunnel for a Linux home router, step by step',
  },
  deb: { depends: ['libnss3', 'libgtk-3-0'] },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, allowToChangeInstallationDirectory: true },
  mac: { target: ['dmg'], category: 'public.app-category.developer-tools', hardenedRuntime: true },
};

export default config;
