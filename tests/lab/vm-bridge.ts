import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The VM lab lives in tests/lab/vm/ (its own module). The lab command only needs three functions
 * from it — vmStatus(), vmDown() and runVmSelftest(options) — and loads it at run time, so the fast
 * lab works while the VM lab is missing and says so plainly instead of failing to start.
 */
type VmModule = Record<string, unknown>;

export async function loadVm(): Promise<{ mod: VmModule } | { missing: string }> {
  const path = join(import.meta.dirname, 'vm/index.ts');
  if (!existsSync(path)) return { missing: 'tests/lab/vm/index.ts does not exist' };
  try {
    return { mod: (await import(path)) as VmModule };
  } catch (e) {
    return { missing: `tests/lab/vm/index.ts does not load: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Call one function of the VM module, or explain why it cannot be called. */
export async function callVm(
  name: string,
  ...args: unknown[]
): Promise<{ value: unknown } | { missing: string }> {
  const vm = await loadVm();
  if ('missing' in vm) return vm;
  const fn = vm.mod[name];
  if (typeof fn !== 'function') return { missing: `tests/lab/vm/index.ts does not export ${name}()` };
  const value: unknown = await (fn as (...a: unknown[]) => unknown)(...args);
  return { value };
}

/** The `ok` of runVmSelftest's result; undefined when the result has no boolean `ok`. */
export function vmOk(value: unknown): boolean | undefined {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return undefined;
  return typeof value.ok === 'boolean' ? value.ok : undefined;
}
