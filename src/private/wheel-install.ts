/**
 * The shared recipe of GitWheelInstall and LocalPackageInstall: a builder stage makes one wheel
 * and the list of its dependencies; the final stage installs the dependencies in one layer and
 * the wheel (with --no-deps) in the next, both through bind mounts from the builder, so that no
 * source, build tool or wheel file is ever stored in the final image.
 *
 * Why two layers: BuildKit keys a RUN with a read-only bind mount from another stage on the
 * content of the mounted folder. Editing the package's source changes the wheel but not its
 * dependency list, so the dependency layer stays cached and only the wheel layer is rebuilt.
 */
import { ensureHelperScript, helpersMount, MOUNT_POINT } from './helper-scripts';
import { shellCommand, shellQuote } from './quote';
import { Mount } from '../dockerfile/mount';
import { Stage } from '../dockerfile/stage';
import { aptInstallRun } from '../features/apt-packages';
import { pipCacheMount } from '../features/python-packages';
import type { ContainerImage } from '../images/container-image';
import type { ImageBuild } from '../images/image-build';

/** Where the builder stage writes its outputs. */
const OUT = '/ml-env/out';
const SCRIPT_NAME = 'wheel-requirements.py';

/** Index options shared by the wheel build and the dependency install. */
export interface PipIndexOptions {
  readonly indexUrl?: string;
  readonly extraIndexUrls?: string[];
  readonly pipOptions?: string[];
}

/** What a wheel feature tells the recipe. */
export interface WheelRecipe extends PipIndexOptions {
  /** The feature's id, for the stage name. */
  readonly id: string;
  readonly python: string;
  readonly extras: string[];
  readonly buildIsolation: boolean;
  readonly buildAptPackages: string[];
  /** Folder of the source tree inside the builder, after fetchSource. */
  readonly sourceDir: string;
  /** Adds the instructions that put the source tree in the builder. */
  readonly fetchSource: (stage: Stage) => void;
}

/** Registers `docker/<image>/helpers/wheel-requirements.py` (at construction time). */
export function ensureRequirementsScript(image: ContainerImage): void {
  ensureHelperScript(image, SCRIPT_NAME, REQUIREMENTS_SCRIPT);
}

/** The pip options for an index, each word quoted. */
export function indexWords(options: PipIndexOptions): string[] {
  const words: string[] = [];
  if (options.indexUrl) words.push('--index-url', shellQuote(options.indexUrl));
  for (const extra of options.extraIndexUrls ?? []) words.push('--extra-index-url', shellQuote(extra));
  words.push(...(options.pipOptions ?? []).map(shellQuote));
  return words;
}

/** Adds the builder stage and the two install layers of the final stage. */
export function addWheelInstall(build: ImageBuild, recipe: WheelRecipe): void {
  const image = build.image;
  const stageName = uniqueStageName(build, `${kebab(recipe.id)}-wheel`);
  const builder = build.addBuilderStage(stageName);
  if (recipe.buildAptPackages.length > 0) {
    const apt = aptInstallRun(recipe.buildAptPackages);
    builder.run(apt.commands, { mounts: apt.mounts });
  }
  recipe.fetchSource(builder);

  const python = shellQuote(recipe.python);
  const script = `${MOUNT_POINT}/${SCRIPT_NAME}`;
  const cache = pipCacheMount();
  const wheel = [`${python} -m pip wheel --no-deps`, ...(recipe.buildIsolation ? [] : ['--no-build-isolation']),
    ...indexWords(recipe), '--wheel-dir', `${OUT}/wheel`, shellQuote(recipe.sourceDir)];
  builder.run([
    wheel.join(' '),
    shellCommand([recipe.python, script, `${OUT}/wheel`, `${OUT}/deps/requirements.txt`, ...recipe.extras]),
  ], { mounts: [cache.mount, helpersMount(image)] });

  build.finalStage.run([[`${python} -m pip install`, ...indexWords(recipe), '-r', `${MOUNT_POINT}/requirements.txt`].join(' ')], {
    mounts: [cache.mount, Mount.bind({ from: stageName, source: `${OUT}/deps`, target: MOUNT_POINT })],
  });
  build.finalStage.run([`${python} -m pip install --no-deps --no-index ${MOUNT_POINT}/*.whl`], {
    mounts: [cache.mount, Mount.bind({ from: stageName, source: `${OUT}/wheel`, target: MOUNT_POINT })],
  });
}

function uniqueStageName(build: ImageBuild, base: string): string {
  const taken = new Set(build.dockerfile.stages.map((s) => s.name));
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  return name;
}

function kebab(id: string): string {
  const k = id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(k) ? k : `w-${k}`;
}

/**
 * Writes the dependencies of the one wheel in a folder as a sorted requirements file, with the
 * requested extras and environment markers evaluated here (the builder runs the same base image
 * and interpreter as the final stage). Sorted and de-duplicated, so the same dependencies give the
 * same bytes and the final stage's dependency layer stays cached.
 */
const REQUIREMENTS_SCRIPT = `"""Usage: wheel-requirements.py WHEEL_DIR OUTPUT [EXTRA...]"""
import email.parser
import pathlib
import re
import sys
import zipfile

from pip._vendor.packaging.requirements import Requirement


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def main(wheel_dir, output, *extras):
    wheels = sorted(pathlib.Path(wheel_dir).glob("*.whl"))
    if len(wheels) != 1:
        sys.exit(f"wheel-requirements: expected one wheel in {wheel_dir}, found {len(wheels)}")
    with zipfile.ZipFile(wheels[0]) as archive:
        name = next(n for n in archive.namelist() if re.fullmatch(r"[^/]+\\.dist-info/METADATA", n))
        metadata = email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))
    own = normalize(metadata["Name"])
    provided = {normalize(e) for e in metadata.get_all("Provides-Extra") or []}
    wanted = {normalize(e) for e in extras}
    unknown = sorted(wanted - provided)
    if unknown:
        sys.exit(f"wheel-requirements: {metadata['Name']} has no extra {', '.join(unknown)} (it provides: {', '.join(sorted(provided)) or 'none'})")
    requirements = [Requirement(text) for text in metadata.get_all("Requires-Dist") or []]
    chosen = set()
    while True:
        before = len(wanted)
        for req in requirements:
            if req.marker is None or any(req.marker.evaluate({"extra": e}) for e in [""] + sorted(wanted)):
                if normalize(req.name) == own:
                    wanted |= {normalize(e) for e in req.extras}
                else:
                    req.marker = None
                    chosen.add(str(req))
        if len(wanted) == before:
            break
    out = pathlib.Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(f"{line}\\n" for line in sorted(chosen)))


if __name__ == "__main__":
    main(*sys.argv[1:])
`;

/** The script's text, for tests. @internal */
export const _REQUIREMENTS_SCRIPT = REQUIREMENTS_SCRIPT;
