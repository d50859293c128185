import { randomBytes } from 'node:crypto';
import type { ApplyProgress } from '../../shared/ipc/contract';
import type { ApplyEvent, ApplyOutcome } from '../../shared/plan/apply';

/** What a job runs: the apply, told where to send events and when the person cancelled. */
export type JobRun = (onEvent: (e: ApplyEvent) => void, signal: AbortSignal) => Promise<ApplyOutcome>;

interface Job {
  key: string;
  events: ApplyEvent[];
  done?: ApplyOutcome;
  abort: AbortController;
  /** Long polls waiting for the next event or the end. */
  waiters: (() => void)[];
}

/** Finished jobs kept so a page that reloads can still read how its apply ended. */
const KEEP_FINISHED = 8;

export const newId = (): string => randomBytes(12).toString('base64url');

/**
 * Running and recent applies, each with its events in order. The page reads them with a long poll
 * (progress(): answers at once when there is something new, else waits up to `waitMs`), which works
 * the same over Electron's IPC and the browser host's HTTP, so one contract streams in both runtimes.
 * At most one job per key (a router) runs at a time.
 */
export class ApplyJobs {
  readonly #jobs = new Map<string, Job>();

  constructor(private readonly waitMs = 10_000) {}

  /** Whether a job for this key is still running. */
  running(key: string): boolean {
    return [...this.#jobs.values()].some((j) => j.key === key && j.done === undefined);
  }

  start(key: string, run: JobRun, failed: (message: string) => ApplyOutcome): string {
    const id = newId();
    const job: Job = { key, events: [], abort: new AbortController(), waiters: [] };
    this.#jobs.set(id, job);
    const wake = (): void => {
      for (const w of job.waiters.splice(0)) w();
    };
    void run((e) => {
      job.events.push(e);
      wake();
    }, job.abort.signal)
      .catch((e: unknown) => failed(e instanceof Error ? e.message : String(e)))
      .then((outcome) => {
        job.done = outcome;
        wake();
        this.#prune();
      });
    return id;
  }

  /** Events from `after` on and the outcome once there is one; undefined for an unknown job. */
  async progress(id: string, after: number): Promise<ApplyProgress | undefined> {
    const job = this.#jobs.get(id);
    if (!job) return undefined;
    if (job.events.length <= after && job.done === undefined) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.waitMs);
        job.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    const events = job.events.slice(after);
    return {
      events,
      next: after + events.length,
      // The outcome is sent only with the last events, so the page never sees the end before them.
      ...(job.done !== undefined && after + events.length === job.events.length ? { done: job.done } : {}),
    };
  }

  /** Ask a running job to stop; false when it is unknown or already finished. */
  cancel(id: string): boolean {
    const job = this.#jobs.get(id);
    if (!job || job.done !== undefined) return false;
    job.abort.abort();
    return true;
  }

  #prune(): void {
    const finished = [...this.#jobs.entries()].filter(([, j]) => j.done !== undefined);
    for (const [id] of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.#jobs.delete(id);
  }
}
