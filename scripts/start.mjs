#!/usr/bin/env node
// `npm start`: build the app, then open it in Electron.
// Running Electron as root needs --no-sandbox (Chromium refuses to start its sandbox as root); the
// renderer itself stays sandboxed by `sandbox: true` in the window, which is a separate mechanism.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status === 0;

if (!run('npx', ['electron-vite', 'build'])) process.exit(1);

let electronBinary;
try {
  // The electron package resolves to the path of its binary, downloading it on first use.
  electronBinary = createRequire(import.meta.url)('electron');
} catch (e) {
  console.error(`
v6wizard could not start Electron: ${e instanceof Error ? e.message : String(e)}
Electron downloads its binary the first time it runs; that needs access to Electron's release
downloads. Either allow that once, or point ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron
build, then run npm start again. The command-line tool works without Electron: npx v6wizard --help`);
  process.exit(1);
}

if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.error('There is no graphical display (DISPLAY / WAYLAND_DISPLAY are unset); Electron needs one.');
  process.exit(1);
}

const args = ['.'];
if (process.getuid?.() === 0) args.push('--no-sandbox');
const child = spawn(electronBinary, args, { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
