#!/usr/bin/env node
// `node scripts/bench-ui.mjs [--runs N] [--keys N] [--no-build] [--check]` (not a test): the wizard's
// three speed numbers, measured in Debian's Chromium against the browser host:
//   1. the renderer's JavaScript, gzipped (target ≤ 200 KB),
//   2. time to the first step: median of N cold page loads, each in a fresh browser context with an
//      empty cache, from navigation start to the "Step 1 of 9" heading in the DOM (target ≤ 1 s),
//   3. preview update per keystroke: typing the profile name on the Router step (the name is in every
//      file's header, so every previewed file is rendered and highlighted again), from keydown to the
//      preview's DOM being updated (target ≤ 16 ms); the time to the next animation frame is printed
//      beside it for information.
// It builds the renderer and the host first (--no-build uses what is in out/ and dist/). With --check
// it exits 1 when a number misses its target.
// The probes below run inside the page, where these browser globals exist.
/* global document, window, MutationObserver, requestAnimationFrame */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.V6WIZARD_CHROMIUM ?? '/usr/bin/chromium';
// The same flags as the end-to-end tests (tests/e2e/helpers/browser.ts): root container, offline.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${name} needs a whole number ≥ 1`);
    process.exit(2);
  }
  return value;
}
const RUNS = option('--runs', 10);
const KEYS = option('--keys', 40);
const BUILD = !process.argv.includes('--no-build');
const CHECK = process.argv.includes('--check');

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const median = (xs) => percentile(xs, 50);
const results = [];
function report(name, value, unit, target, detail) {
  const ok = value <= target;
  results.push(ok);
  const shown = unit === 'KB' ? value.toFixed(1) : value.toFixed(unit === 'ms' && value < 100 ? 1 : 0);
  console.log(
    `${name}: ${shown} ${unit} (target ≤ ${target} ${unit}) ${ok ? 'ok' : 'MISSED'}${detail ? `\n    ${detail}` : ''}`,
  );
}

function build() {
  for (const args of [
    ['electron-vite', 'build'],
    ['vite', 'build', '--config', 'electron/web/vite.config.ts'],
  ]) {
    const run = spawnSync('npx', args, { cwd: ROOT, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`npx ${args.join(' ')} failed:\n${run.stdout}${run.stderr}`);
  }
}

/** 1. Every JavaScript file of the built renderer, gzipped at the default level (as servers send it). */
function rendererSize() {
  const assets = join(ROOT, 'out/renderer/assets');
  const files = readdirSync(assets).filter((f) => f.endsWith('.js'));
  if (files.length === 0) throw new Error(`no JavaScript in ${assets}`);
  let raw = 0;
  let gz = 0;
  for (const f of files) {
    const bytes = readFileSync(join(assets, f));
    raw += bytes.length;
    gz += gzipSync(bytes).length;
  }
  report(
    'renderer JS, gzipped',
    gz / 1024,
    'KB',
    200,
    `${files.length} file(s), ${(raw / 1024).toFixed(1)} KB before gzip`,
  );
}

/** The browser host on a free port; resolves with its printed URL and a stop function. */
function startHost() {
  const child = spawn(process.execPath, [join(ROOT, 'dist/web/main.mjs'), '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const stop = () =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(kill);
        done();
      });
      child.kill('SIGTERM');
    });
  return new Promise((found, failed) => {
    const timer = setTimeout(() => failed(new Error(`the host printed no URL:\n${output}`)), 15_000);
    const look = (chunk) => {
      output += chunk;
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9A-Za-z_-]+/.exec(output);
      if (m) {
        clearTimeout(timer);
        found({ url: m[0], stop });
      }
    };
    child.stdout.setEncoding('utf8').on('data', look);
    child.stderr.setEncoding('utf8').on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      failed(new Error(`the host exited (${code}) before printing its URL:\n${output}`));
    });
  });
}

// Runs in the page before any of its scripts (DevTools protocol, so the app's CSP does not apply):
// records when the first step's heading appears.
const FIRST_STEP_PROBE = () => {
  const seen = () => document.querySelector('h1')?.textContent?.includes('Step 1 of') === true;
  new MutationObserver((_m, observer) => {
    if (seen()) {
      window.__v6FirstStep = performance.now();
      observer.disconnect();
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
};

/** 2. Median time from navigation start to the first step, over RUNS cold loads. */
async function timeToFirstStep(browser, url) {
  const times = [];
  for (let i = 0; i < RUNS; i += 1) {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.addInitScript(FIRST_STEP_PROBE);
      await page.goto(url);
      const t = await page.waitForFunction(() => window.__v6FirstStep, undefined, { timeout: 10_000 });
      times.push(await t.jsonValue());
    } finally {
      await context.close();
    }
  }
  report(
    'time to the first step',
    median(times),
    'ms',
    1000,
    `median of ${RUNS} cold loads; min ${Math.min(...times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms`,
  );
}

// Per keystroke: keydown time, the last preview mutation after it, and the next animation frame.
const KEYSTROKE_PROBE = () => {
  const log = [];
  window.__v6Keys = log;
  document.addEventListener(
    'keydown',
    () => {
      const entry = { down: performance.now(), dom: undefined, frame: undefined };
      log.push(entry);
      requestAnimationFrame(() => {
        entry.frame = performance.now();
      });
    },
    true,
  );
  const start = () => {
    const preview = document.querySelector('aside.preview');
    if (!preview) return void requestAnimationFrame(start);
    new MutationObserver(() => {
      const entry = log[log.length - 1];
      if (entry) entry.dom = performance.now();
    }).observe(preview, { subtree: true, childList: true, characterData: true, attributes: true });
  };
  start();
};

/** 3. Keydown → preview DOM updated, typing KEYS characters into the profile name. */
async function previewPerKeystroke(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(KEYSTROKE_PROBE);
    await page.goto(url);
    await page.getByRole('button', { name: 'Start a new profile', exact: true }).click();
    const name = page.getByLabel('Profile name', { exact: true });
    await name.fill('r');
    await page.waitForFunction(() => document.querySelector('aside.preview pre') !== null);
    await name.focus();
    await page.evaluate(() => (window.__v6Keys.length = 0));
    const text = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(Math.ceil(KEYS / 36)).slice(0, KEYS);
    // A pause between keys, as a person types: each keystroke is measured on its own.
    await page.keyboard.type(text, { delay: 60 });
    await page.waitForTimeout(200);
    const log = await page.evaluate(() => window.__v6Keys);
    const dom = log.filter((e) => e.dom !== undefined).map((e) => e.dom - e.down);
    const frame = log.filter((e) => e.frame !== undefined).map((e) => e.frame - e.down);
    if (dom.length < KEYS) throw new Error(`only ${dom.length} of ${KEYS} keystrokes changed the preview`);
    const preview = await page.locator('aside.preview').innerText();
    if (!preview.includes(`r${text}`)) throw new Error('the preview does not show the typed name');
    report(
      'preview update per keystroke',
      median(dom),
      'ms',
      16,
      `keydown → preview DOM updated, median of ${dom.length} keystrokes; p95 ${percentile(dom, 95).toFixed(1)} ms, ` +
        `max ${Math.max(...dom).toFixed(1)} ms; to the next frame: median ${median(frame).toFixed(1)} ms`,
    );
  } finally {
    await context.close();
  }
}

if (!existsSync(CHROMIUM)) {
  console.error(`bench-ui needs Chromium at ${CHROMIUM}: apt-get install chromium`);
  process.exit(1);
}
if (BUILD) build();
rendererSize();
const host = await startHost();
let browser;
try {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  await timeToFirstStep(browser, host.url);
  await previewPerKeystroke(browser, host.url);
} finally {
  await browser?.close();
  await host.stop();
}
if (CHECK && results.includes(false)) process.exit(1);
