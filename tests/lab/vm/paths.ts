import { join } from 'node:path';

/** Where the VM lab keeps its files; everything under `.lab/` is gitignored. */
export const REPO = join(import.meta.dirname, '../../..');
export const LAB_VM_DIR = join(REPO, '.lab/vm');
/** Finished images, one folder per build-input hash (`images/<hash>/`); `.tmp-*` folders are builds in progress. */
export const IMAGES_DIR = join(LAB_VM_DIR, 'images');
/** The debootstrap'd base trees, one folder per package-list hash (`base/<hash>/rootfs`). */
export const BASE_DIR = join(LAB_VM_DIR, 'base');
/** debootstrap's download cache, kept across builds so a changed input does not download everything again. */
export const DEBS_DIR = join(LAB_VM_DIR, 'debs');
/** Serial console logs and the state of a VM started with `lab up`. */
export const RUN_DIR = join(LAB_VM_DIR, 'run');
/** The guest files copied into the image (units, the namespace script, sshd settings). */
export const GUEST_DIR = join(import.meta.dirname, 'guest');
