import { IConstruct } from 'constructs';
import { z } from 'zod';
import { WheelBuildOptions, wheelBuildShape } from './wheel-build-options';
import * as schemas from '../compat/schemas';
import { Stage } from '../dockerfile/stage';
import type { ImageBuild } from '../images/image-build';
import { FeaturePhase, ImageFeature } from '../images/image-feature';
import { checkProps } from '../private/validate';
import { addWheelInstall, ensureRequirementsScript } from '../private/wheel-install';

/** Props of LocalPackageInstall. */
export interface LocalPackageInstallProps extends WheelBuildOptions {
  /**
   * Folder of the package (with its pyproject.toml or setup.py), relative to the project root and
   * inside the image's build context; "." for the project itself.
   * @default "."
   */
  readonly path?: string;
}

const schema = z.object({
  path: z.union([z.literal('.'), schemas.projectPath]).optional(),
  ...wheelBuildShape,
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
