import { highlight, type Token } from '../../../shared/highlight';

/**
 * Highlighting, remembered per path: a keystroke re-renders every file, but usually changes one, so
 * the others keep their tokens and the preview stays within a frame (≤ 16 ms).
 */
const cache = new Map<string, { content: string; tokens: Token[] }>();

export function tokensFor(path: string, content: string): Token[] {
  const hit = cache.get(path);
  if (hit?.content === content) return hit.tokens;
  const tokens = highlight(path, content);
  cache.set(path, { content, tokens });
  return tokens;
}

export type { Token };
