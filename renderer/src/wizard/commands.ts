import { buildExport } from '../../../shared/export';
import type { ArchiveFormat, IpcError } from '../../../shared/ipc/contract';
import { t } from '../i18n/index.svelte';
import { api } from '../lib/api';
import { downloadBase64, downloadText } from './download';
import { openProfileText, profileFileName, profileJson } from './profile-io';
import type { WizardState } from './state.svelte';

/**
 * What the File actions do, the same whether a button or the native menu asked. Failures end up in
 * `w.status` (announced to screen readers) with the Node side's message; a cancelled dialog is silent.
 */
function fail(w: WizardState, error: IpcError): void {
  if (error.code !== 'CANCELLED') w.status = t('status.failed', { message: error.message });
}

/**
 * Replacing the profile (New, Open) would lose changes that were never saved: ask first. The browser's
 * own confirm dialog is accessible and keyboard-operable in both runtimes.
 */
export function mayDiscard(w: WizardState): boolean {
  return !w.unsaved || window.confirm(t('confirm.discard'));
}

/** New, after asking when there are unsaved changes. */
export function startNew(w: WizardState): void {
  if (mayDiscard(w)) w.newProfile();
}

/** Open profile text from any source; a file that is not a profile stays on Start with its problems. */
export function openText(w: WizardState, text: string, source: string): void {
  if (!mayDiscard(w)) return;
  const opened = openProfileText(text);
  if (opened.ok) {
    w.openProblems = [];
    w.openProfile(opened.profile, source);
    w.status = t('status.opened', { name: source });
  } else {
    w.openProblems = opened.problems;
    w.step = 'start';
    w.status = t('status.notAProfile', { name: source });
  }
}

/** Electron's native open dialog. In the browser the Start step's file input does this instead. */
export async function openWithDialog(w: WizardState): Promise<void> {
  const r = await api.call('profile:openDialog', {});
  if (r.ok) openText(w, r.value.text, r.value.path);
  else fail(w, r.error);
}

export async function openRecent(w: WizardState, path: string): Promise<void> {
  const r = await api.call('profile:read', { path });
  if (r.ok) openText(w, r.value.text, r.value.path);
  else fail(w, r.error);
}

/**
 * Save: the browser downloads the JSON (it cannot write files); Electron writes to the known path,
 * or asks where (Save As, or the first save).
 */
export async function saveProfile(w: WizardState, asNew: boolean): Promise<void> {
  const text = profileJson(plain(w));
  if (api.runtime === 'web') {
    const name = profileFileName(w.profile);
    downloadText(name, text, 'application/json');
    w.markSaved();
    w.status = t('status.downloaded', { name });
    return;
  }
  const r = await api.call('profile:save', asNew || !w.savedPath ? { text } : { path: w.savedPath, text });
  if (r.ok) {
    w.savedPath = r.value.path;
    w.markSaved();
    w.status = t('status.saved', { name: r.value.path });
  } else fail(w, r.error);
}

/** A plain copy of the profile for JSON and the API (a $state proxy cannot cross structured clone). */
export function plain(w: WizardState): typeof w.profile {
  return JSON.parse(JSON.stringify(w.profile)) as typeof w.profile;
}

/** Export to a folder: Electron asks with a dialog; the browser host needs a path typed on the page. */
export async function exportFolder(w: WizardState, dir: string | undefined): Promise<void> {
  const r = await api.call(
    'export:folder',
    dir === undefined ? { profile: plain(w) } : { profile: plain(w), dir },
  );
  if (r.ok) w.status = t('status.exportedFolder', { dir: r.value.dir, count: r.value.files });
  else fail(w, r.error);
}

const ARCHIVE_TYPES: Record<ArchiveFormat, string> = { 'tar.gz': 'application/gzip', zip: 'application/zip' };

export async function exportArchive(w: WizardState, format: ArchiveFormat): Promise<void> {
  const r = await api.call('export:archive', { profile: plain(w), format });
  if (r.ok) {
    downloadBase64(r.value.fileName, r.value.base64, ARCHIVE_TYPES[format]);
    w.status = t('status.downloaded', { name: r.value.fileName });
  } else fail(w, r.error);
}

/** install.sh is pure (shared/export), so it is built here and copied without a round trip. */
export async function copyInstallScript(w: WizardState): Promise<void> {
  const v = w.validation;
  if (!v.ok || !v.profile || !w.files) return;
  const entries = buildExport({
    profile: v.profile,
    files: w.files,
    version: w.appInfo?.version ?? 'unknown',
    folder: v.profile.name,
  });
  const script = entries.find((e) => e.path === 'install.sh');
  if (!script) return;
  try {
    await navigator.clipboard.writeText(script.content);
    w.status = t('status.copied');
  } catch (e) {
    // Clipboard access can be refused (no focus, no permission); say so instead of pretending.
    w.status = t('status.failed', { message: e instanceof Error ? e.message : String(e) });
  }
}

/** Ask the Node side what it can do (runtime, version, whether a secret store exists). */
export async function loadAppInfo(w: WizardState): Promise<void> {
  const r = await api.call('app:info', {});
  if (r.ok) w.appInfo = r.value;
}
