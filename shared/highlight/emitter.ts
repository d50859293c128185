import type { Token, TokenKind } from './types';

/**
 * Collects tokens as the scanners move through the text. Tokens are contiguous by construction (each
 * one ends where the next starts), so the joined texts are the input exactly; neighbours of the same
 * kind are merged, which keeps a 10,000-line file to a few tens of thousands of DOM nodes.
 */
export class Emitter {
  readonly tokens: Token[] = [];
  private start = 0;
  private end = 0;
  private kind: TokenKind = 'plain';

  constructor(private readonly text: string) {}

  /** Marks text up to `end` (exclusive) as `kind`. Empty ranges are ignored. */
  emit(kind: TokenKind, end: number): void {
    if (end <= this.end) return;
    if (kind !== this.kind && this.end > this.start) this.flushPending();
    if (kind !== this.kind) {
      this.kind = kind;
      this.start = this.end;
    }
    this.end = end;
  }

  private flushPending(): void {
    this.tokens.push({ text: this.text.slice(this.start, this.end), kind: this.kind });
    this.start = this.end;
  }

  /** The tokens, with anything not yet emitted as plain text. */
  finish(): Token[] {
    this.emit('plain', this.text.length);
    if (this.end > this.start) this.flushPending();
    return this.tokens;
  }
}
