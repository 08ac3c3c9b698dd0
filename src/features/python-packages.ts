import { IConstruct } from 'constructs';
import { z } from 'zod';
import * as schemas from '../compat/schemas';
import { Mount } from '../dockerfile/mount';
import type { ImageBuild } from '../images/image-build';
import { FeaturePhase, ImageFeature } from '../images/image-feature';
import { shellQuote, shellQuoteAlways } from '../private/quote';
import { checkProps } from '../private/validate';

/** Props of PythonPackages. */
export interface PythonPackagesProps {
  /**
   * PEP 508 requirements, such as `Pillow>=10.0.0`; always quoted in the RUN line.
   * @default - none (then give requirementsFiles)
   */
  readonly packages?: string[];
  /**
   * Requirements files in the build context (relative to it), bind-mounted for the install only.
   * @default - none
   */
  readonly requirementsFiles?: string[];
  /**
   * Constraints files in the build context (`pip install -c`).
   * @default - none
   */
  readonly constraintsFiles?: string[];
  /**
   * Index URL replacing PyPI (no credentials here: use PrivatePypiInstall for those).
   * @default - pip's configured index
   */
  readonly indexUrl?: string;
  /**
   * Additional public index URLs.
   * @default - none
   */
  readonly extraIndexUrls?: string[];
  /**
   * The Python interpreter that runs pip.
   * @default "python"
   */
  readonly python?: string;
  /**
   * Extra pip options, such as `--pre`; each word quoted.
   * @default - none
   */
  readonly pipOptions?: string[];
  /**
   * Numeric uid the RUN executes as, when the image's current `USER` is not root (a base image
   * that ends with `USER 1000`): pip's cache mount is then owned by that uid (`uid=`) and placed
   * where that user can reach it, or pip would silently run without a cache.
   * @default - root
   */
  readonly uid?: number;
}

const url = schemas.indexUrl;

const schema = z.object({
  packages: z.array(schemas.pipRequirement).optional(),
  requirementsFiles: z.array(schemas.projectPath).optional(),
  constraintsFiles: z.array(schemas.projectPath).optional(),
  indexUrl: url.optional(),
  extraIndexUrls: z.array(url).optional(),
  python: schemas.pythonInterpreter.optional(),
  pipOptions: z.array(schemas.oneLine).optional(),
  uid: z.number().int('expected an integer uid').min(0, 'expected a uid of 0 or more').optional(),
}).refine((p) => (p.packages?.length ?? 0) + (p.requirementsFiles?.length ?? 0) > 0, {
  message: 'expected at least one package or requirements file', path: ['packages'],
});

/** Where pip keeps its cache during builds: a BuildKit cache mount, never a layer. */
export const PIP_CACHE = '/root/.cache/pip';

/**
 * The pip cache mount of a RUN, and the text to put before `python -m pip` so that pip uses it.
 * Root uses pip's default cache folder; another uid gets its own cache (id and owner), in a folder
 * it can reach (/root is mode 700). @internal
 */
export function pipCacheMount(uid?: number): { mount: Mount; prefix: string } {
  if (!uid) {
    return { mount: Mount.cache({ target: PIP_CACHE }), prefix: '' };
  }
  const target = '/tmp/ml-env-pip-cache';
  return { mount: Mount.cache({ id: `ml-env-pip-uid-${uid}`, target, uid }), prefix: `PIP_CACHE_DIR=${target} ` };
}

/**
 * Python packages installed with pip in one layer, with requirement specifiers quoted and
 * pip's download cache kept in a BuildKit cache mount (fast rebuilds, nothing in the image).
 *
 * @example
 * new PythonPackages(image, 'Tools', { packages: ['tqdm', 'Pillow>=10.0.0'] });
 */
export class PythonPackages extends ImageFeature {
  public readonly phase = FeaturePhase.PYTHON_PACKAGES;
  private readonly props: PythonPackagesProps;
  private readonly packageList: string[];

  public constructor(scope: IConstruct, id: string, props: PythonPackagesProps) {
    super(scope, id);
    checkProps(this, 'python packages', schema, props);
    this.props = props;
    this.packageList = [...(props.packages ?? [])];
  }

  /** The requirements, in the order given. */
  public get packages(): string[] {
    return [...this.packageList];
  }

  /** Adds requirements to the same layer. */
  public addPackages(...packages: string[]): void {
    checkProps(this, 'python packages', z.object({ packages: z.array(schemas.pipRequirement) }), { packages });
    this.packageList.push(...packages);
  }

  public contribute(build: ImageBuild): void {
    const p = this.props;
    const cache = pipCacheMount(p.uid);
    const mounts = [cache.mount];
    const words: string[] = [`${cache.prefix}${shellQuote(p.python ?? 'python')}`, '-m', 'pip', 'install'];
    if (p.indexUrl) words.push('--index-url', shellQuote(p.indexUrl));
    for (const extra of p.extraIndexUrls ?? []) words.push('--extra-index-url', shellQuote(extra));
    const bindFiles = (files: string[] | undefined, kind: string, flag: string) => {
      (files ?? []).forEach((file, i) => {
        const target = `/tmp/ml-env/${kind}-${i}.txt`;
        mounts.push(Mount.bind({ source: file, target }));
        words.push(flag, target);
      });
    };
    bindFiles(p.constraintsFiles, 'constraints', '-c');
    bindFiles(p.requirementsFiles, 'requirements', '-r');
    words.push(...(p.pipOptions ?? []).map(shellQuote));
    words.push(...this.packageList.map(shellQuoteAlways));
    build.finalStage.run([words.join(' ')], { mounts });
  }

  /** What the image's provenance file records about this feature. @internal */
  public _provenance(): Record<string, unknown> {
    const p = this.props;
    return {
      packages: this.packages,
      ...(p.requirementsFiles ? { requirementsFiles: p.requirementsFiles } : {}),
      ...(p.constraintsFiles ? { constraintsFiles: p.constraintsFiles } : {}),
      ...(p.indexUrl ? { indexUrl: p.indexUrl } : {}),
      ...(p.extraIndexUrls ? { extraIndexUrls: p.extraIndexUrls } : {}),
    };
  }
}
