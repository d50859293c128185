#!/usr/bin/env node
// `npm start`: build the app, then open it in Electron. Where Electron cannot run (no display, or its
// binary cannot be downloaded), say why and offer the browser host, which serves the same wizard to any
// browser, instead of ending in a stack trace.
// Running Electron as root needs --no-sandbox (Chromium refuses to start its sandbox as root); the
// renderer itself stays sandboxed by `sandbox: true` in the window, which is a separate mechanism.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const WEB_COMMAND = 'npm run web';

/** Prints why Electron cannot start here and the exact command for the browser host, then exits 1. */
function offerBrowserHost(reason) {
  console.error(`
v6wizard cannot open its window here: ${reason}

Use the browser host instead. It runs the same wizard and serves it on this machine only:

  ${WEB_COMMAND}

It prints the address to open (http://127.0.0.1:PORT/?token=...). To use it from another computer,
forward the port over SSH first: ssh -L PORT:127.0.0.1:PORT <this machine>
The command-line tool needs no window either: npx v6wizard --help`);
  process.exit(1);
}

// Checked first: without a display there is no point in fetching or building anything.
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  offerBrowserHost('there is no graphical display (DISPLAY and WAYLAND_DISPLAY are unset).');
}

let electronBinary;
try {
  // The electron package resolves to the path of its binary, downloading it on first use.
  electronBinary = createRequire(import.meta.url)('electron');
} catch (e) {
  offerBrowserHost(`Electron could not be set up (${e instanceof Error ? e.message.split('\n')[0] : String(e)}).
Electron downloads its binary the first time it runs, which needs access to Electron's release
downloads. Allow that once, or point ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron, then run
npm start again.`);
}
if (typeof electronBinary !== 'string' || !existsSync(electronBinary)) {
  offerBrowserHost(`there is no Electron binary at ${String(electronBinary)}.
Check ELECTRON_OVERRIDE_DIST_PATH, or remove it to let Electron download its own binary.`);
}

if (spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' }).status !== 0) {
  console.error('\nThe build failed (see above); nothing was started.');
  process.exit(1);
}

const args = ['.'];
if (process.getuid?.() === 0) args.push('--no-sandbox');
const child = spawn(electronBinary, args, { stdio: 'inherit' });
child.on('error', (e) => {
  offerBrowserHost(`Electron did not start (${e.message}).`);
});
child.on('exit', (code, signal) => {
  // 127: the binary is there but the loader could not start it, usually a missing system library
  // (libgtk-3, libnss3, ...); the loader has printed which one above.
  if (code === 127)
    offerBrowserHost('Electron could not load a system library it needs (see the message above).');
  process.exit(code ?? (signal ? 1 : 0));
});
