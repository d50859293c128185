import { gzipSync } from 'node:zlib';

/** One member of a tar archive. Folders have no content. */
export interface TarMember {
  path: string;
  mode: number;
  type: 'file' | 'dir';
  content?: Buffer;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** Split a path into ustar's name (≤100 bytes) and prefix (≤155 bytes), or throw when it cannot fit. */
function splitName(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { name, prefix };
  }
  throw new Error(`path too long for a tar archive: ${path}`);
}

function headerBlock(m: TarMember, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  const { name, prefix } = splitName(m.type === 'dir' ? `${m.path}/` : m.path);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(m.mode & 0o7777, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii'); // uid root
  h.write(octal(0, 8), 116, 'ascii'); // gid root
  h.write(octal(m.type === 'file' ? (m.content?.length ?? 0) : 0, 12), 124, 'ascii');
  h.write(octal(mtime, 12), 136, 'ascii');
  h.write('        ', 148, 'ascii'); // checksum is computed with this field as spaces
  h.write(m.type === 'file' ? '0' : '5', 156, 'ascii');
  h.write('ustar\u000000', 257, 'ascii');
  h.write('root', 265, 'ascii');
  h.write('root', 297, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/**
 * A gzip-compressed POSIX ustar archive of the given members, owned by root. Written here (about 50
 * lines) instead of adding a dependency: the export is a handful of small files, and ustar is a fixed,
 * simple format that every tar reads. The tests extract it with GNU tar and compare it with the folder.
 */
export function tarGz(members: readonly TarMember[], mtimeSeconds: number): Buffer {
  const parts: Buffer[] = [];
  for (const m of members) {
    parts.push(headerBlock(m, mtimeSeconds));
    if (m.type === 'file' && m.content && m.content.length > 0) {
      parts.push(m.content, Buffer.alloc((BLOCK - (m.content.length % BLOCK)) % BLOCK));
    }
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(parts), { level: 9 });
}
