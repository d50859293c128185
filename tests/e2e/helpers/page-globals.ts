/**
 * The few browser globals the functions run inside the page use. The tests compile without the DOM
 * library (tsconfig.test.json: lib esnext), so that Node-side test code cannot use browser globals by
 * mistake; page functions reach them through `globalThis as unknown as PageGlobals` instead.
 */
export interface PageGlobals {
  document: { activeElement: unknown };
  /** axe-core, once evaluated in the page. */
  axe?: { run(context: unknown, options: object): Promise<{ violations: unknown[] }> };
}
