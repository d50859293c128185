// @ts-check
/**
 * Packaging for people's machines: AppImage + deb on Linux, an NSIS installer on Windows, a dmg on macOS.
 * `npm run dist` builds for the current OS. It downloads Electron and packaging tools on first use, so it
 * runs on a normal machine with internet access, not on the offline build machines (see README).
 * electron/main/packaging-config.test.ts checks this file against electron-builder's own schema.
 * @type {import('electron-builder').Configuration}
 */
const config = {
  appId: 'org.v6wizard.app',
  productName: 'v6wizard',
  executableName: 'v6wizard',
  directories: { output: 'dist/app', buildResources: 'build' },
  // The electron-vite build (main, preload, renderer); production dependencies are added by electron-builder.
  files: ['out/**', 'package.json'],
  extraResources: [{ from: 'examples', to: 'examples' }],
  // No native modules of our own. ssh2's optional cpu-features is loaded inside a try/catch and only
  // speeds up cipher choice, so it is not rebuilt for Electron (that would need a compiler at build time).
  npmRebuild: false,
  // Electron fuses, flipped in the packaged binary (security checklist #19: "Check which fuses you can change").
  electronFuses: {
    runAsNode: false, // ELECTRON_RUN_AS_NODE must not turn the signed app into a general Node interpreter
    enableNodeOptionsEnvironmentVariable: false, // nor NODE_OPTIONS inject code into it
    enableNodeCliInspectArguments: false, // nor --inspect attach a debugger to the main process
    onlyLoadAppFromAsar: true, // load the app only from its own app.asar, not a folder placed beside it
    enableEmbeddedAsarIntegrityValidation: true, // refuse a modified app.asar (macOS, Windows)
    enableCookieEncryption: true,
    grantFileProtocolExtraPrivileges: false, // we serve from v6wizard://, file:// gets no extra rights
  },
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Network',
    maintainer: 'v6wizard developers',
    synopsis: 'IPv6 over a 6in4 tunnel for a Linux home router, step by step',
  },
  // deb: electron-builder's default dependencies are kept on purpose. They include libsecret-1-0, which
  // Electron's safeStorage needs to reach GNOME Keyring; without it the secret store would fall back to
  // basic_text and v6wizard would (rightly) refuse to keep the broker's update key.
  win: { target: ['nsis'] },
  nsis: { oneClick: false, allowToChangeInstallationDirectory: true },
  mac: { target: ['dmg'], category: 'public.app-category.developer-tools', hardenedRuntime: true },
};

export default config;
