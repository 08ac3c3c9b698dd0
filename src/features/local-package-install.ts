import { IConstruct } from 'constructs';
import { z } from 'zod';
import * as schemas from '../compat/schemas';
import { Stage } from '../dockerfile/stage';
import type { ImageBuild } from '../images/image-build';
import { FeaturePhase, ImageFeature } from '../images/image-feature';
import { checkProps } from '../private/validate';
import { addWheelInstall, ensureRequirementsScript } from '../private/wheel-install';

/** Props of LocalPackageInstall. */
export interface LocalPackageInstallProps {
  /**
   * Folder of the package (with its pyproject.toml or setup.py), relative to the project root and
   * inside the image's build context; "." for the project itself.
   * @default "."
   */
  readonly path?: string;
  /**
   * Extras whose dependencies are installed too, such as `["torch"]`.
   * @default - none
   */
  readonly extras?: string[];
  /**
   * Debian/Ubuntu packages the build needs, such as `["build-essential"]` for C extensions.
   * Installed in the builder stage only.
   * @default - none
   */
  readonly buildAptPackages?: string[];
  /**
   * Build the wheel in an isolated environment with the build backend fetched from the index
   * (pip's default). Turn off to use the setuptools and wheel already in the base image.
   * @default true
   */
  readonly buildIsolation?: boolean;
  /**
   * Index URL for the build backend and the dependencies (no credentials).
   * @default - pip's configured index
   */
  readonly indexUrl?: string;
  /**
   * Additional index URLs.
   * @default - none
   */
  readonly extraIndexUrls?: string[];
  /**
   * Extra pip options for the wheel build and the dependency install; each word quoted.
   * @default - none
   */
  readonly pipOptions?: string[];
  /**
   * The Python interpreter that runs pip, in the builder and the final stage.
   * @default "python"
   */
  readonly python?: string;
}

const indexUrl = z.string().regex(/^https?:\/\/[^\s@'"]+$/, 'expected an http(s) URL without credentials, spaces or quotes');

const schema = z.object({
  path: z.union([z.literal('.'), schemas.projectPath]).optional(),
  extras: z.array(z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/, 'expected an extra name such as "torch"')).optional(),
  buildAptPackages: z.array(schemas.aptPackage).optional(),
  buildIsolation: z.boolean().optional(),
  indexUrl: indexUrl.optional(),
  extraIndexUrls: z.array(indexUrl).optional(),
  pipOptions: z.array(schemas.oneLine).optional(),
  python: z.string().regex(/^[A-Za-z0-9_./-]+$/, 'expected an interpreter name or path such as "python3"').optional(),
});

/**
 * The project's own Python package, from the build context. Its source is copied into a builder
 * stage only, where the wheel is built; the final stage installs the package's dependencies in one
 * layer and the wheel in the last layers, through bind mounts. Editing the source rebuilds the
 * wheel layer only: the dependency layer is keyed on the dependency list, which did not change.
 *
 * @example
 * new LocalPackageInstall(app, 'Toolkit', { path: '.', extras: ['torch'] });
 */
export class LocalPackageInstall extends ImageFeature {
  public readonly phase = FeaturePhase.PROJECT_CODE;
  /** The package folder, relative to the project root. */
  public readonly path: string;
  private readonly props: LocalPackageInstallProps;

  public constructor(scope: IConstruct, id: string, props: LocalPackageInstallProps = {}) {
    super(scope, id);
    checkProps(this, 'local package install', schema, props);
    this.props = props;
    this.path = props.path ?? '.';
    ensureRequirementsScript(this.image);
  }

  public contribute(build: ImageBuild): void {
    const p = this.props;
    const source = '/ml-env/src';
    addWheelInstall(build, {
      id: this.node.id,
      python: p.python ?? 'python',
      extras: p.extras ?? [],
      buildIsolation: p.buildIsolation ?? true,
      buildAptPackages: p.buildAptPackages ?? [],
      indexUrl: p.indexUrl,
      extraIndexUrls: p.extraIndexUrls,
      pipOptions: p.pipOptions,
      sourceDir: source,
      // in the builder only: the final stage never holds the source, so a COPY layer cannot leak it
      fetchSource: (stage: Stage) => stage.copy([this.image.contextPath(this.path)], source),
    });
  }

  /** What the image's provenance file records about this feature. @internal */
  public _provenance(): Record<string, unknown> {
    return { path: this.path, ...(this.props.extras ? { extras: this.props.extras } : {}) };
  }
}
