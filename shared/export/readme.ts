import tmpl from '../../templates/export/README.txt.tmpl?raw';
import type { Profile } from '../profile/types';
import { header } from '../render/header';
import { fill } from '../render/template';
import type { RenderedFile } from '../render/types';
import { installOrder } from './order';

const WIDTH = 76;

/** Break text into lines of at most `width` characters (longer words stay whole), each indented. */
export function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(indent + line);
  return lines.join('\n');
}

function fileEntry(f: RenderedFile): string {
  const facts = [
    `mode 0${f.mode.toString(8)}, owner ${f.owner}, stage ${f.stage}`,
    f.service !== undefined ? `used by ${f.service}` : undefined,
  ].filter((x) => x !== undefined);
  return [
    f.path,
    wrap(f.description, WIDTH, '    '),
    wrap(`(${facts.join('; ')})`, WIDTH, '    '),
    f.validate ? wrap(`Checked before install with: ${f.validate.join(' ')}`, WIDTH, '    ') : undefined,
    f.checkRoot
      ? wrap(
          `({root} is a temporary copy of ${f.checkRoot.join(', ')} with the new file in place, so the check sees your own files too and nothing is changed unless it passes.)`,
          WIDTH,
          '    ',
        )
      : undefined,
  ]
    .filter((x) => x !== undefined)
    .join('\n');
}

/**
 * README.txt: what each file does in plain words (from RenderedFile.description), in install order,
 * and how to install and undo. `folder` is the export folder's name, shown in the instructions.
 */
export function readme(
  profile: Profile,
  files: readonly RenderedFile[],
  version: string,
  folder: string,
): string {
  const list = installOrder(files);
  return fill(tmpl, {
    header: header({ profileSource: profile.name }),
    name: profile.name,
    description: wrap(profile.description, WIDTH, ''),
    version,
    folder,
    files: list.length > 0 ? list.map(fileEntry).join('\n\n') : '(This profile produced no files.)',
  });
}
