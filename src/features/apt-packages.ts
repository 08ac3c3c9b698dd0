import { IConstruct } from 'constructs';
import { z } from 'zod';
import * as schemas from '../compat/schemas';
import { CacheSharing, Mount } from '../dockerfile/mount';
import type { ImageBuild } from '../images/image-build';
import { FeaturePhase, ImageFeature } from '../images/image-feature';
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
  /**
   * Keep apt's package lists and downloaded packages in BuildKit cache mounts (shared by every
   * build on the machine, never in a layer). When false, the lists are downloaded and removed
   * in the layer, as without BuildKit.
   * @default true
   */
  readonly cacheMounts?: boolean;
}

const schema = z.object({
  packages: z.array(schemas.aptPackage).min(1, 'expected at least one package'),
  installRecommends: z.boolean().optional(),
  cacheMounts: z.boolean().optional(),
});

/**
 * Where downloaded .deb files are kept across builds. Not /var/cache/apt/archives: Debian and
 * Ubuntu images ship /etc/apt/apt.conf.d/docker-clean, which deletes every .deb there after each
 * dpkg run, so a cache mount at that path would stay empty.
 */
export const APT_ARCHIVES_CACHE = '/var/cache/ml-env/apt-archives';

/** The commands and mounts of one `apt-get install` RUN. @internal */
export function aptInstallRun(packages: string[], options: { installRecommends?: boolean; cacheMounts?: boolean } = {}):
{ commands: string[]; mounts: Mount[] } {
  const cache = options.cacheMounts ?? true;
  const install = ['apt-get', 'install', '-y', ...(options.installRecommends ? [] : ['--no-install-recommends'])];
  if (cache) install.push('-o', `Dir::Cache::Archives=${APT_ARCHIVES_CACHE}`);
  install.push(...[...new Set(packages)].sort());
  const commands = ['apt-get update', `DEBIAN_FRONTEND=noninteractive ${shellCommand(install)}`];
  if (!cache) {
    return { commands: [...commands, 'rm -rf /var/lib/apt/lists/*'], mounts: [] };
  }
  // apt takes locks in both folders: concurrent builds wait for each other instead of failing
  const mounts = [
    Mount.cache({ id: 'ml-env-apt-lists', target: '/var/lib/apt/lists', sharing: CacheSharing.LOCKED }),
    Mount.cache({ id: 'ml-env-apt-archives', target: APT_ARCHIVES_CACHE, sharing: CacheSharing.LOCKED }),
  ];
  return { commands, mounts };
}

/**
 * System packages installed with apt-get in one layer: sorted and de-duplicated (so the layer's
 * cache key does not depend on the order they were declared in), without recommends, with the
 * package lists and downloads in BuildKit cache mounts (nothing of apt's left in the layer, and a
 * rebuild downloads only what changed). No `apt-get upgrade`: the base image's vendor decides
 * library versions.
 *
 * @example
 * new AptPackages(image, 'Media', { packages: ['ffmpeg', 'libturbojpeg'] });
 */
export class AptPackages extends ImageFeature {
  public readonly phase = FeaturePhase.SYSTEM_PACKAGES;
  private readonly packageSet = new Set<string>();
  private readonly installRecommends: boolean;
  private readonly cacheMounts: boolean;

  public constructor(scope: IConstruct, id: string, props: AptPackagesProps) {
    super(scope, id);
    checkProps(this, 'apt packages', schema, props);
    props.packages.forEach((p) => this.packageSet.add(p));
    this.installRecommends = props.installRecommends ?? false;
    this.cacheMounts = props.cacheMounts ?? true;
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
    const { commands, mounts } = aptInstallRun(this.packages, { installRecommends: this.installRecommends, cacheMounts: this.cacheMounts });
    build.finalStage.run(commands, { mounts });
  }

  /** What the image's provenance file records about this feature. @internal */
  public _provenance(): Record<string, unknown> {
    return { packages: this.packages };
  }
}
