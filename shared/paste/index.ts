import type { Claim, KnownFormat } from './claim';
import { parseDetailsPage } from './details-page';
import { parseIproute2 } from './iproute2';
import { splitLines, type PasteLine } from './lines';
import { mergeClaims } from './merge';
import { parseNetplan } from './netplan';
import { parseNetTools } from './net-tools';
import type { PasteFormat, PasteResult } from './types';

export type { PasteFormat, PasteResult, PastedTunnel } from './types';

/** Parsers in the order that breaks a tie in how many lines each recognised. */
const PARSERS: readonly [KnownFormat, (lines: PasteLine[]) => Claim[]][] = [
  ['he-iproute2', parseIproute2],
  ['he-net-tools', parseNetTools],
  ['he-netplan', parseNetplan],
  ['he-details-page', parseDetailsPage],
];

/**
 * At most this many lines are listed as not understood, each cut to this many characters: a
 * megabyte of garbage must give the person a readable answer, not a megabyte of echo.
 */
const MAX_UNRECOGNISED = 100;
const MAX_LINE_CHARS = 200;

function clip(text: string): string {
  return text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}…` : text;
}

/** The format that recognised the most lines; `unknown` when none recognised any. */
function winner(claimsByFormat: Map<KnownFormat, Claim[]>): PasteFormat {
  let best: PasteFormat = 'unknown';
  let bestCount = 0;
  for (const [format] of PARSERS) {
    const count = new Set(claimsByFormat.get(format)?.map((c) => c.line)).size;
    if (count > bestCount) {
      best = format;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Reads a tunnel broker's example configuration or tunnel details page, pasted as text: Hurricane
 * Electric's Linux iproute2, net-tools and netplan examples, and its tunnel details page copied from
 * a browser. Every address is proven with shared/net/addr.ts; a value that does not read is not
 * filled, and its line is listed in `unrecognised`. Two lines that disagree leave the field empty and
 * say so in `conflicts`. Mixed input (a details page and a command example together) is read as a
 * whole; `format` names the one that recognised the most lines. Never throws; linear in the input.
 */
export function parseBrokerPaste(text: string): PasteResult {
  const lines = splitLines(text);
  const claimsByFormat = new Map<KnownFormat, Claim[]>();
  for (const [format, parse] of PARSERS) claimsByFormat.set(format, parse(lines));
  const format = winner(claimsByFormat);

  // A line one format claims is not read again by another: the winner's reading comes first, so a
  // line that happens to fit two formats is taken the way the rest of the text is written.
  const byLine = new Map<number, Claim[]>();
  const order: KnownFormat[] = PARSERS.map(([f]) => f).sort(
    (a, b) => Number(b === format) - Number(a === format),
  );
  for (const f of order) {
    for (const claim of claimsByFormat.get(f) ?? []) {
      const existing = byLine.get(claim.line);
      if (!existing) byLine.set(claim.line, [claim]);
      else if (existing[0]?.format === f) existing.push(claim);
    }
  }
  const claims = [...byLine.values()].flat();
  const merged = mergeClaims(claims);

  const unrecognisedLines = lines.filter((line) => {
    const lineClaims = byLine.get(line.index);
    return !lineClaims || lineClaims.some((c) => c.unreadable);
  });
  const unrecognised = unrecognisedLines.slice(0, MAX_UNRECOGNISED).map((line) => clip(line.raw));
  const hidden = unrecognisedLines.length - unrecognised.length;
  if (hidden > 0) unrecognised.push(`(${hidden} more lines not understood are not shown)`);

  return {
    format,
    fields: merged.fields,
    recognised: merged.recognised,
    unrecognised,
    conflicts: merged.conflicts,
  };
}
