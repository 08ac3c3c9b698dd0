import { IConstruct } from 'constructs';
import { z } from 'zod';
import * as schemas from '../compat/schemas';
import { FeaturePhase, ImageFeature } from '../images/image-feature';
import type { ImageBuild } from '../images/image-build';
import { shellCommand } from '../private/quote';
import { checkProps } from '../private/validate';

/** Props of AptPackages. */
export interface AptPackagesProps {
  /** Debian/Ubuntu packages, optionally `name=version`. */
  readonly packages: string[];
  /**
   * Install recommended packages too.
   * @default false
   */
  readonly installRecommends?: boolean;
}

const schema = z.object({
  packages: z.array(schemas.aptPackage).min(1, 'expected at least one package'),
  installRecommends: z.boolean().optional(),
});

/**
 * System packages installed with apt-get in one layer: sorted and de-duplicated (so the layer's
 * cache key does not depend on the order they were declared in), without recommends, and with
 * the package lists removed in the same layer. No `apt-get upgrade`: the base image's vendor
 * decides library versions.
 *
 * @example
 * new AptPackages(image, 'Media', { packages: ['ffmpeg', 'libturbojpeg'] });
 */
export class AptPackages extends ImageFeature {
  public readonly phase = FeaturePhase.SYSTEM_PACKAGES;
  private readonly packageSet = new Set<string>();
  private readonly installRecommends: boolean;

  public constructor(scope: IConstruct, id: string, props: AptPackagesProps) {
    super(scope, id);
    checkProps(this, 'apt packages', schema, props);
    props.packages.forEach((p) => this.packageSet.add(p));
    this.installRecommends = props.installRecommends ?? false;
  }

  /** The packages, sorted. */
  public get packages(): string[] {
    return [...this.packageSet].sort();
  }

  /** Adds packages to the same layer. */
  public addPackages(...packages: string[]): void {
    checkProps(this, 'apt packages', schema, { packages });
    packages.forEach((p) => this.packageSet.add(p));
  }

  public contribute(build: ImageBuild): void {
    const install = ['apt-get', 'install', '-y', ...(this.installRecommends ? [] : ['--no-install-recommends']), ...this.packages];
    build.finalStage.run([
      'apt-get update',
      `DEBIAN_FRONTEND=noninteractive ${shellCommand(install)}`,
      'rm -rf /var/lib/apt/lists/*',
    ]);
  }
}
