/**
 * A reader for the YAML that netplan files are written in: block mappings and sequences, flow
 * collections (`{dhcp4: true}`, `[lan0, lan1]`), plain, single- and double-quoted scalars, comments
 * and one document. Every scalar comes back as a string (detect only needs names and structure).
 * Anchors, aliases, tags and block scalars (`|`, `>`) are not read: they throw, and detect then says it
 * could not read that file instead of guessing.
 */
export type YamlValue = string | null | YamlValue[] | { [key: string]: YamlValue };

export class YamlLiteError extends Error {}

interface Line {
  indent: number;
  text: string;
  no: number;
}

/** The text before a comment (`#` at the start or after a space, outside quotes). */
function stripComment(s: string): string {
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || s[i - 1] === ' ' || s[i - 1] === '\t')) return s.slice(0, i);
  }
  return s;
}

function lines(text: string): Line[] {
  const out: Line[] = [];
  for (const [no, raw] of text.split(/\r?\n/).entries()) {
    if (/^(---|\.\.\.)(\s|$)/.test(raw) || raw.startsWith('%')) continue;
    if (raw.includes('\t') && /^\s*\t/.test(raw))
      throw new YamlLiteError(`line ${no + 1}: a tab in the indentation`);
    const text = stripComment(raw).trimEnd();
    if (text.trim() === '') continue;
    out.push({ indent: text.length - text.trimStart().length, text: text.trimStart(), no: no + 1 });
  }
  return out;
}

/** Parses an inline value: a flow collection or a scalar, starting at `s[pos]`. */
class Flow {
  pos = 0;
  constructor(
    readonly s: string,
    readonly no: number,
  ) {}

  fail(what: string): never {
    throw new YamlLiteError(`line ${this.no}: ${what}`);
  }

  ws(): void {
    while (this.s[this.pos] === ' ') this.pos++;
  }

  value(stops: string): YamlValue {
    this.ws();
    const c = this.s[this.pos];
    if (c === '{') return this.map();
    if (c === '[') return this.seq();
    if (c === '"' || c === "'") return this.quoted();
    if (c === '&' || c === '*' || c === '!' || c === '|' || c === '>')
      this.fail(`"${c}" (anchors, aliases, tags and block scalars are not read)`);
    const start = this.pos;
    while (this.pos < this.s.length) {
      const ch = this.s[this.pos] ?? '';
      if (stops.includes(ch)) break;
      if (ch === ':' && stops.includes(':') && /[\s,\]}]|^$/.test(this.s[this.pos + 1] ?? '')) break;
      this.pos++;
    }
    const text = this.s.slice(start, this.pos).trim();
    return text === '' || text === '~' || text === 'null' ? null : text;
  }

  quoted(): string {
    const q = this.s[this.pos++];
    let out = '';
    for (;;) {
      if (this.pos >= this.s.length) this.fail('a quoted string that does not end');
      const c = this.s[this.pos++] ?? '';
      if (q === "'" && c === "'") {
        if (this.s[this.pos] === "'") {
          out += "'";
          this.pos++;
        } else return out;
      } else if (q === '"' && c === '"') return out;
      else if (q === '"' && c === '\\') {
        const e = this.s[this.pos++] ?? '';
        const simple: Record<string, string> = {
          n: '\n',
          t: '\t',
          '"': '"',
          '\\': '\\',
          '/': '/',
          '0': '\0',
        };
        const plain = simple[e];
        if (plain !== undefined) out += plain;
        else if (e === 'x' || e === 'u') {
          const n = e === 'x' ? 2 : 4;
          out += String.fromCharCode(Number.parseInt(this.s.slice(this.pos, this.pos + n), 16));
          this.pos += n;
        } else this.fail(`the escape \\${e}`);
      } else out += c;
    }
  }

  map(): YamlValue {
    this.pos++;
    const out: Record<string, YamlValue> = {};
    for (;;) {
      this.ws();
      if (this.s[this.pos] === '}') {
        this.pos++;
        return out;
      }
      const key = this.value(':,}');
      this.ws();
      let v: YamlValue = null;
      if (this.s[this.pos] === ':') {
        this.pos++;
        v = this.value(',}');
      }
      if (typeof key !== 'string') this.fail('a mapping key that is not text');
      out[key] = v;
      this.ws();
      if (this.s[this.pos] === ',') this.pos++;
      else if (this.s[this.pos] !== '}') this.fail('a "{" mapping that does not close');
    }
  }

  seq(): YamlValue {
    this.pos++;
    const out: YamlValue[] = [];
    for (;;) {
      this.ws();
      if (this.s[this.pos] === ']') {
        this.pos++;
        return out;
      }
      out.push(this.value(',]'));
      this.ws();
      if (this.s[this.pos] === ',') this.pos++;
      else if (this.s[this.pos] !== ']') this.fail('a "[" list that does not close');
    }
  }
}

/** A whole inline value; a flow collection may continue over the following, deeper lines. */
function inline(text: string, no: number): YamlValue {
  const f = new Flow(text, no);
  const v = f.value('');
  f.ws();
  if (f.pos < text.length) f.fail(`unexpected "${text.slice(f.pos)}"`);
  return v;
}

/** Splits `key: rest` at the first `:` followed by a space or the end, outside quotes. */
function splitKey(text: string, no: number): [string, string] | undefined {
  const f = new Flow(text, no);
  if (text.startsWith('{') || text.startsWith('[')) return undefined;
  const key = f.value(':');
  if (text[f.pos] !== ':' || typeof key !== 'string') return undefined;
  return [key, text.slice(f.pos + 1).trim()];
}

class Block {
  i = 0;
  constructor(readonly ls: Line[]) {}

  /** Joins an unclosed flow collection with the lines below it. */
  joined(first: string): string {
    let text = first;
    const open = (s: string): number => {
      let depth = 0;
      let quote = '';
      for (const c of s) {
        if (quote) {
          if (c === quote) quote = '';
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '{' || c === '[') depth++;
        else if (c === '}' || c === ']') depth--;
      }
      return depth;
    };
    while (/^[{[]/.test(text) && open(text) > 0 && this.i < this.ls.length) {
      text += ` ${this.ls[this.i]?.text ?? ''}`;
      this.i++;
    }
    return text;
  }

  node(indent: number): YamlValue {
    const l = this.ls[this.i];
    if (!l || l.indent < indent) return null;
    return l.text === '-' || l.text.startsWith('- ') ? this.seq(l.indent) : this.map(l.indent);
  }

  seq(indent: number): YamlValue[] {
    const out: YamlValue[] = [];
    for (
      let l = this.ls[this.i];
      l && l.indent === indent && (l.text === '-' || l.text.startsWith('- '));
      l = this.ls[this.i]
    ) {
      const rest = l.text.slice(1).trimStart();
      if (rest === '') {
        this.i++;
        out.push(this.node(indent + 1));
      } else if (!splitKey(rest, l.no) && !rest.startsWith('- ')) {
        this.i++;
        out.push(inline(this.joined(rest), l.no));
      } else {
        // "- key: value" starts a mapping whose further keys are indented to the same column as "key".
        const column = indent + (l.text.length - rest.length);
        this.ls[this.i] = { indent: column, text: rest, no: l.no };
        out.push(this.node(column));
      }
    }
    return out;
  }

  map(indent: number): Record<string, YamlValue> {
    const out: Record<string, YamlValue> = {};
    for (let l = this.ls[this.i]; l && l.indent === indent; l = this.ls[this.i]) {
      if (l.text.startsWith('- ')) break;
      const kv = splitKey(l.text, l.no);
      if (!kv) throw new YamlLiteError(`line ${l.no}: expected "key: value"`);
      const [key, rest] = kv;
      this.i++;
      if (rest !== '') out[key] = inline(this.joined(rest), l.no);
      else {
        const next = this.ls[this.i];
        // A list may sit at the same indentation as its key.
        if (next && next.indent === indent && next.text.startsWith('- ')) out[key] = this.seq(indent);
        else out[key] = next && next.indent > indent ? this.node(next.indent) : null;
      }
    }
    const l = this.ls[this.i];
    if (l && l.indent > indent) throw new YamlLiteError(`line ${l.no}: unexpected indentation`);
    return out;
  }
}

/** Reads one YAML document of the kind netplan files hold; throws YamlLiteError on what it cannot read. */
export function parseYamlLite(text: string): YamlValue {
  const ls = lines(text);
  if (ls.length === 0) return null;
  const b = new Block(ls);
  const first = ls[0];
  let v: YamlValue;
  if (first && /^[{[]/.test(first.text)) {
    b.i = 1;
    v = inline(b.joined(first.text), first.no);
  } else v = b.node(first?.indent ?? 0);
  if (b.i < ls.length) throw new YamlLiteError(`line ${ls[b.i]?.no ?? 0}: unexpected indentation`);
  return v;
}
