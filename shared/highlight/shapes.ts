/**
 * Whether a word looks like an address or a number. This is colouring only, so it checks the shape
 * with regular expressions instead of proving the value with shared/net/addr.ts: a preview that
 * updates on every keystroke cannot afford a full parse per word, and a wrong colour changes no value
 * (the validator proves every address the files are generated from).
 */

const V4 = /^\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?$/;
/** Hex groups and colons, an optional dotted-quad tail, an optional prefix length. */
const V6 = /^[0-9A-Fa-f:]{2,39}(?:\d{1,3}(?:\.\d{1,3}){3})?(?:\/\d{1,3})?$/;
const NUMBER = /^-?(?:0x[0-9A-Fa-f]+|\d+(?:\.\d+)?[smhdwSMHDW]?|\d+(?::\d+)+)$/;

/**
 * The structure V6 cannot say: at most 4 hex digits per group, at most one `::`, and without `::` all
 * 8 groups (7 colons; 6 before a dotted-quad tail). One pass, no allocation: this runs on every word
 * with a colon in it.
 */
function looksLikeV6(word: string): boolean {
  if (!V6.test(word)) return false;
  let colons = 0;
  let doubles = 0;
  let run = 0;
  let dotted = false;
  for (let i = 0; i < word.length; i += 1) {
    const c = word.charCodeAt(i);
    if (c === 47) break; // '/': the prefix length follows
    if (c === 58) {
      colons += 1;
      if (word.charCodeAt(i + 1) === 58) {
        doubles += 1;
        if (word.charCodeAt(i + 2) === 58) return false;
      }
      run = 0;
    } else if (c === 46) {
      dotted = true;
    } else if (!dotted && ++run > 4) {
      return false;
    }
  }
  if (doubles === 0) return colons === (dotted ? 6 : 7);
  return doubles === 1;
}

/** The kind a word is coloured as on shape alone, or undefined for an ordinary word. */
export function shapeOf(word: string): 'address' | 'number' | undefined {
  const first = word.charCodeAt(0);
  const startsLikeValue =
    (first >= 48 && first <= 58) || // 0-9 and ':'
    (first >= 65 && first <= 70) || // A-F
    (first >= 97 && first <= 102) || // a-f
    first === 45; // '-'
  if (!startsLikeValue) return undefined;
  if (word.includes(':')) {
    if (looksLikeV6(word)) return 'address';
  } else if (V4.test(word)) return 'address';
  return NUMBER.test(word) ? 'number' : undefined;
}
