import type { Profile } from '../profile/types';
import type { RenderedFile, Stage } from '../render/types';
import { installOrder } from './order';
import { sha256 } from './sha256';

/** One file in manifest.json. `service` and `validate` are present only when the file has them. */
export interface ManifestFile {
  path: string;
  /** Octal text with a leading zero, e.g. "0644". */
  mode: string;
  owner: string;
  service?: string;
  stage: Stage;
  /** SHA-256 of the file's bytes (UTF-8), lowercase hex. */
  sha256: string;
  /**
   * The daemon's own check, argv with "{file}" where the file's path goes, and "{root}" where a
   * temporary root goes that holds a copy of `checkRoot` as on the router with this file in place.
   */
  validate?: string[];
  /** The folders a "{root}" check copies (netplan: every folder it reads YAML from). */
  checkRoot?: string[];
  description: string;
}

/** manifest.json: the contract between an export, install.sh and anything else that reads an export. */
export interface Manifest {
  v6wizard: string;
  profile: string;
  files: ManifestFile[];
}

/** Octal mode text as the manifest and install.sh write it: 0o644 → "0644". */
export const modeText = (mode: number): string => `0${mode.toString(8).padStart(3, '0')}`;

/**
 * The manifest for rendered files, in install order. Hashes are computed here in pure code (see
 * sha256.ts), so the manifest is a function of the render alone and the Node side only writes bytes.
 */
export function manifest(profile: Profile, files: readonly RenderedFile[], version: string): Manifest {
  return {
    v6wizard: version,
    profile: profile.name,
    files: installOrder(files).map((f) => ({
      path: f.path,
      mode: modeText(f.mode),
      owner: f.owner,
      ...(f.service !== undefined ? { service: f.service } : {}),
      stage: f.stage,
      sha256: sha256(f.content),
      ...(f.validate ? { validate: [...f.validate] } : {}),
      ...(f.checkRoot ? { checkRoot: [...f.checkRoot] } : {}),
      description: f.description,
    })),
  };
}
