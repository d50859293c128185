let loaded = false;

/**
 * False on the page's first step and true afterwards: focus moves to a new step's heading when the
 * person changes steps, but opening the app leaves focus where the browser puts it.
 */
export function shouldFocusHeading(): boolean {
  const result = loaded;
  loaded = true;
  return result;
}
