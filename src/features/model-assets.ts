import { IConstruct } from 'constructs';
import { z } from 'zod';
import * as schemas from '../compat/schemas';
import { Mount } from '../dockerfile/mount';
import type { ImageBuild } from '../images/image-build';
import { FeaturePhase, ImageFeature } from '../images/image-feature';
import { ensureHelperScript, helpersMount, MOUNT_POINT } from '../private/helper-scripts';
import { shellCommand } from '../private/quote';
import { checkProps } from '../private/validate';

/** One file to fetch at build time. */
export interface ModelFile {
  /** Where to download it from (http or https, no credentials). */
  readonly url: string;
  /**
   * File name in the folder.
   * @default - the last part of the URL's path
   */
  readonly name?: string;
  /**
   * Expected SHA-256, 64 hex digits. Give it whenever you can: the build fails on a mismatch.
   * @default - no checksum (then size is required)
   */
  readonly sha256?: string;
  /**
   * Expected size in bytes.
   * @default - not checked (then sha256 is required)
   */
  readonly size?: number;
}

/** Props of ModelAssets. */
export interface ModelAssetsProps {
  /** Absolute folder in the image the files are written to (created, readable by every user). */
  readonly directory: string;
  /** The files. */
  readonly files: ModelFile[];
  /**
   * The Python interpreter that downloads (the standard library only: no curl or wget needed).
   * @default "python3"
   */
  readonly python?: string;
}

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

const fileSchema = z.object({
  url: z.string().regex(/^https?:\/\/[^\s@'"\\]+$/, 'expected an http(s) URL without credentials, spaces or quotes'),
  name: z.string().regex(FILE_NAME, 'expected a file name of letters, digits, ".", "_", "+" or "-"').optional(),
  sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'expected 64 hex digits').optional(),
  size: z.number().int('expected a whole number of bytes').positive('expected a size above 0').optional(),
}).refine((f) => f.sha256 !== undefined || f.size !== undefined, { message: 'expected sha256 or size (or both), so that a wrong or truncated download fails the build', path: ['sha256'] })
  .refine((f) => FILE_NAME.test(f.name ?? lastSegment(f.url)), { message: 'the URL does not end in a usable file name; give name', path: ['name'] });

const schema = z.object({
  directory: schemas.absolutePath,
  files: z.array(fileSchema).min(1, 'expected at least one file'),
  python: schemas.pythonInterpreter.optional(),
}).refine((p) => new Set(p.files.map((f) => f.name ?? lastSegment(f.url))).size === p.files.length, { message: 'expected distinct file names', path: ['files'] });

/** Downloads are kept by checksum across builds, so a rebuild after an earlier layer changed downloads nothing. */
const DOWNLOAD_CACHE = '/var/cache/ml-env/models';
const SCRIPT_NAME = 'fetch-assets.py';

/**
 * Model files fetched at build time into a folder of the image, each checked against its SHA-256
 * and/or size and written atomically (temporary file, then rename). Containers that run as a
 * non-root user then never download into site-packages at run time (the seed's "permission
 * denied" FAQ). A wrong checksum fails the build with the expected and actual values.
 *
 * @example
 * new ModelAssets(app, 'Models', {
 *   directory: '/opt/models',
 *   files: [{ url: 'https://models.example.com/lcnet.onnx', sha256: '<64 hex digits>' }],
 * });
 */
export class ModelAssets extends ImageFeature {
  public readonly phase = FeaturePhase.MODEL_ASSETS;
  /** The folder in the image. */
  public readonly directory: string;
  private readonly files: ModelFile[];
  private readonly python: string;

  public constructor(scope: IConstruct, id: string, props: ModelAssetsProps) {
    super(scope, id);
    checkProps(this, 'model assets', schema, props);
    this.directory = props.directory;
    this.files = props.files.map((f) => ({ ...f, name: f.name ?? lastSegment(f.url), sha256: f.sha256?.toLowerCase() }));
    this.python = props.python ?? 'python3';
    ensureHelperScript(this.image, SCRIPT_NAME, FETCH_SCRIPT);
  }

  public contribute(build: ImageBuild): void {
    const script = `${MOUNT_POINT}/${SCRIPT_NAME}`;
    const args = this.files.flatMap((f) => [f.url, f.name!, f.sha256 ?? '-', f.size === undefined ? '-' : String(f.size)]);
    build.finalStage.run([shellCommand([this.python, script, this.directory, ...args])], {
      mounts: [
        helpersMount(build.image),
        Mount.cache({ id: 'ml-env-models', target: DOWNLOAD_CACHE }),
      ],
    });
  }

  /** What the image's provenance file records about this feature. @internal */
  public _provenance(): Record<string, unknown> {
    return { directory: this.directory, files: this.files.map((f) => ({ ...f })) };
  }
}

function lastSegment(url: string): string {
  return url.replace(/[?#].*$/, '').split('/').pop() ?? '';
}

const FETCH_SCRIPT = `"""Usage: fetch-assets.py DIRECTORY [URL NAME SHA256|- SIZE|-]...

Downloads each file into DIRECTORY through a temporary file, checks its size and SHA-256, then
renames it into place; any failure removes the temporary file and exits non-zero with a message.
Verified files are kept by checksum in ${DOWNLOAD_CACHE} (a build cache mount) when it exists.
"""
import hashlib
import os
import shutil
import sys
import urllib.request

CACHE = "${DOWNLOAD_CACHE}"


def fail(message):
    sys.exit(f"fetch-assets: {message}")


def fetch(url, target, sha256, size):
    cached = os.path.join(CACHE, sha256) if sha256 != "-" and os.path.isdir(CACHE) else None
    part = f"{target}.part-{os.getpid()}"
    digest, length = hashlib.sha256(), 0
    try:
        source = open(cached, "rb") if cached and os.path.isfile(cached) else urllib.request.urlopen(url, timeout=60)
        with source, open(part, "wb") as out:
            while chunk := source.read(1 << 20):
                digest.update(chunk)
                length += len(chunk)
                out.write(chunk)
        if size != "-" and length != int(size):
            fail(f"{url}: size mismatch: expected {size} bytes, got {length}")
        if sha256 != "-" and digest.hexdigest() != sha256:
            fail(f"{url}: sha256 mismatch: expected {sha256}, got {digest.hexdigest()}")
        os.chmod(part, 0o644)
        if cached and not os.path.isfile(cached):
            shutil.copyfile(part, f"{cached}.part-{os.getpid()}")
            os.replace(f"{cached}.part-{os.getpid()}", cached)
        os.replace(part, target)
    except OSError as error:
        fail(f"{url}: download failed: {error}")
    finally:
        if os.path.exists(part):
            os.remove(part)
    print(f"fetch-assets: {target} ({length} bytes) ok")


def main(directory, *specs):
    if len(specs) % 4:
        fail("expected URL NAME SHA256 SIZE groups")
    os.makedirs(directory, mode=0o755, exist_ok=True)
    for i in range(0, len(specs), 4):
        url, name, sha256, size = specs[i:i + 4]
        fetch(url, os.path.join(directory, name), sha256, size)


if __name__ == "__main__":
    main(*sys.argv[1:])
`;

/** The script's text, for tests. @internal */
export const _FETCH_SCRIPT = FETCH_SCRIPT;
