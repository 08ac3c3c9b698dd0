/**
 * Python helpers that run during a build (never stored in the image): generated into
 * `docker/<image>/helpers/` and bind-mounted read-only at /mnt for the one RUN that needs them.
 *
 * Why a folder at /mnt: BuildKit leaves an empty stub for every mount target that did not exist
 * (a zero-byte file for a file mount), and /mnt exists in Debian and Ubuntu images. The folder
 * holds only these library-written scripts, so the RUN's cache key changes only with them.
 */
import { GeneratedFile } from './generated-file';
import { Mount } from '../dockerfile/mount';
import type { ContainerImage } from '../images/container-image';

/** Where helper folders and builder outputs are mounted. */
export const MOUNT_POINT = '/mnt';

/** Registers `docker/<image>/helpers/<name>` once per image (call at construction time). */
export function ensureHelperScript(image: ContainerImage, name: string, body: string): void {
  const path = `${image.directory}/helpers/${name}`;
  if (!image.project.tryFindFile(path)) {
    new GeneratedFile(image, path, { render: (marker) => `${marker ? `# ${marker}\n` : ''}${body}` });
  }
}

/** The bind mount of the image's helpers folder at /mnt (at synth: checks the build context). */
export function helpersMount(image: ContainerImage): Mount {
  return Mount.bind({ source: image.contextPath(`${image.directory}/helpers`), target: MOUNT_POINT });
}
