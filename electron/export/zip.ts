import { crc32, deflateRawSync } from 'node:zlib';
import type { TarMember } from './tar';

/**
 * A .zip archive of the same members as the .tar.gz (electron/export/tar.ts), for people on Windows
 * or macOS who download the export before copying it to the router. Written here (about 100 lines)
 * instead of adding a dependency, for the same reason as the tar writer: a handful of small files in a
 * fixed, simple format. No ZIP64: an export is kilobytes, and anything that would need it is refused.
 */

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
/** 2.0: deflate and folders. */
const VERSION_NEEDED = 20;
/** The high byte 3 = "made on Unix", which tells unzip to take the mode from the external attributes. */
const VERSION_MADE_BY = (3 << 8) | VERSION_NEEDED;
/** Bit 11: names are UTF-8. */
const FLAG_UTF8 = 0x0800;
const STORE = 0;
const DEFLATE = 8;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
/** The MS-DOS directory attribute, for unzippers that ignore the Unix mode. */
const DOS_DIRECTORY = 0x10;
const MAX_32 = 0xffffffff;
const MAX_16 = 0xffff;

/** MS-DOS date and time (two-second resolution, local time, years 1980–2107) as zip stores them. */
function dosDateTime(when: Date): { date: number; time: number } {
  const year = Math.min(Math.max(when.getFullYear(), 1980), 2107);
  return {
    date: ((year - 1980) << 9) | ((when.getMonth() + 1) << 5) | when.getDate(),
    time: (when.getHours() << 11) | (when.getMinutes() << 5) | Math.floor(when.getSeconds() / 2),
  };
}

interface Packed {
  name: Buffer;
  method: number;
  crc: number;
  size: number;
  data: Buffer;
  externalAttributes: number;
}

function pack(m: TarMember): Packed {
  const isDir = m.type === 'dir';
  const name = Buffer.from(isDir ? `${m.path}/` : m.path, 'utf8');
  if (name.length > MAX_16) throw new Error(`path too long for a zip archive: ${m.path}`);
  const raw = isDir ? Buffer.alloc(0) : (m.content ?? Buffer.alloc(0));
  const deflated = raw.length > 0 ? deflateRawSync(raw, { level: 9 }) : raw;
  // Keep whichever is smaller: deflate can grow tiny or incompressible files.
  const useDeflate = deflated.length < raw.length;
  const mode = (m.mode & 0o7777) | (isDir ? S_IFDIR : S_IFREG);
  return {
    name,
    method: useDeflate ? DEFLATE : STORE,
    crc: crc32(raw) >>> 0,
    size: raw.length,
    data: useDeflate ? deflated : raw,
    // `>>> 0` keeps the 32-bit value unsigned: the mode in the high half sets the sign bit otherwise.
    externalAttributes: ((mode << 16) | (isDir ? DOS_DIRECTORY : 0)) >>> 0,
  };
}

/** The fields the local and the central header share, from "version needed" to the name length. */
function common(p: Packed, stamp: { date: number; time: number }): Buffer {
  const b = Buffer.alloc(26);
  b.writeUInt16LE(VERSION_NEEDED, 0);
  b.writeUInt16LE(FLAG_UTF8, 2);
  b.writeUInt16LE(p.method, 4);
  b.writeUInt16LE(stamp.time, 6);
  b.writeUInt16LE(stamp.date, 8);
  b.writeUInt32LE(p.crc, 10);
  b.writeUInt32LE(p.data.length, 14);
  b.writeUInt32LE(p.size, 18);
  b.writeUInt16LE(p.name.length, 22);
  b.writeUInt16LE(0, 24); // no extra field
  return b;
}

function localHeader(p: Packed, stamp: { date: number; time: number }): Buffer {
  const sig = Buffer.alloc(4);
  sig.writeUInt32LE(LOCAL_HEADER, 0);
  return Buffer.concat([sig, common(p, stamp), p.name]);
}

function centralHeader(p: Packed, stamp: { date: number; time: number }, offset: number): Buffer {
  const head = Buffer.alloc(6);
  head.writeUInt32LE(CENTRAL_HEADER, 0);
  head.writeUInt16LE(VERSION_MADE_BY, 4);
  const tail = Buffer.alloc(14);
  tail.writeUInt16LE(0, 0); // no comment
  tail.writeUInt16LE(0, 2); // disk 0
  tail.writeUInt16LE(0, 4); // internal attributes: binary
  tail.writeUInt32LE(p.externalAttributes, 6);
  tail.writeUInt32LE(offset, 10);
  return Buffer.concat([head, common(p, stamp), tail, p.name]);
}

/**
 * A zip archive of the members in order (folders before their files, as the tar writer takes them),
 * with each file's Unix mode kept so install.sh stays executable after `unzip`. Throws when the
 * archive would need ZIP64.
 */
export function zipArchive(members: readonly TarMember[], modified: Date): Buffer {
  if (members.length > MAX_16) throw new Error(`too many files for a zip archive: ${members.length}`);
  const stamp = dosDateTime(modified);
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const p = pack(m);
    const local = localHeader(p, stamp);
    central.push(centralHeader(p, stamp, offset));
    parts.push(local, p.data);
    offset += local.length + p.data.length;
    if (offset > MAX_32) throw new Error('the export is too large for a zip archive without ZIP64');
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL, 0);
  end.writeUInt16LE(0, 4); // this disk
  end.writeUInt16LE(0, 6); // the disk where the central directory starts
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(0, 20); // no comment
  return Buffer.concat([...parts, directory, end]);
}
