import type { RenderedFile, Stage } from '../../../shared/render';

/** The files a step's preview shows: those of its stages, in render order. */
export function filesForStages(files: readonly RenderedFile[], stages: readonly Stage[]): RenderedFile[] {
  return files.filter((f) => stages.includes(f.stage));
}

/** The last part of a router path, used as the download name of one file. */
export function downloadName(path: string): string {
  return path.split('/').at(-1) ?? 'file';
}

/** Unix permission bits as `0644`. */
export function modeOctal(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}
