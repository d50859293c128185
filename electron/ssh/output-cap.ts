/**
 * How much of a remote command's stdout, and separately of its stderr, the session keeps. A server
 * can send without end (one flooded 1.5 GB in 4 s); past the cap the rest is dropped as it arrives,
 * so memory stays bounded however long the flood lasts. Every command the app runs prints kilobytes,
 * apart from the apply's probe, which reads whole router files and rulesets and passes its own,
 * larger cap (PROBE_MAX_OUTPUT_BYTES in electron/apply/remote.ts).
 */
export const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

const MiB = 1024 * 1024;

const sizeText = (bytes: number): string => (bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes} bytes`);

/** The line a cut stream ends with, so whoever reads the output (the apply log) sees it is not whole. */
export const cutLine = (limit: number): string => `[output cut at ${sizeText(limit)} by v6wizard]`;

/** The line stderr ends with when stdout was cut, for the callers that report only stderr on failure. */
export const stdoutCutLine = (limit: number): string =>
  `[stdout cut at ${sizeText(limit)} by v6wizard; the command was stopped]`;

/** Keeps the head of a stream up to `limit` bytes and drops the rest as it arrives. */
export class CappedBuffer {
  readonly #chunks: Buffer[] = [];
  #size = 0;
  #cut = false;

  constructor(readonly limit: number) {}

  /** Whether anything was dropped. */
  get cut(): boolean {
    return this.#cut;
  }

  /** Keep what fits; returns false once something had to be dropped. */
  push(chunk: Buffer): boolean {
    const room = this.limit - this.#size;
    if (chunk.length > room) {
      if (room > 0) this.#chunks.push(Buffer.from(chunk.subarray(0, room)));
      this.#size = this.limit;
      this.#cut = true;
    } else {
      this.#chunks.push(chunk);
      this.#size += chunk.length;
    }
    return !this.#cut;
  }

  /** The kept head, ending with cutLine when something was dropped. */
  bytes(): Buffer {
    const head = Buffer.concat(this.#chunks);
    return this.#cut ? Buffer.concat([head, Buffer.from(`\n${cutLine(this.limit)}\n`)]) : head;
  }
}
