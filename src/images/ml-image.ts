import { IConstruct } from 'constructs';
import { z } from 'zod';
import type { BaseImage } from './base-image';
import { ContainerImage, ContainerImageOptions, containerImageOptionsShape } from './container-image';
import * as schemas from '../compat/schemas';
import { AptPackages } from '../features/apt-packages';
import { PythonPackages } from '../features/python-packages';
import { WritableDirectories } from '../features/writable-directories';

/** Options shared by the ML presets (TrainingImage, InferImage). */
export interface MlImageOptions extends ContainerImageOptions {
  /**
   * System packages installed with apt-get (one layer, no recommends).
   * @default - none beyond what the preset needs
   */
  readonly aptPackages?: string[];
  /**
   * Python packages (PEP 508 requirements), installed after the preset's own.
   * @default - none
   */
  readonly pipPackages?: string[];
  /**
   * Time zone of the container (`TZ`, with tzdata installed).
   * @default "UTC"
   */
  readonly timezone?: string;
  /**
   * Create cache directories for matplotlib (`MPLCONFIGDIR`) and Hugging Face (`HF_HOME`) that any
   * user can write, so that containers run as a mapped or non-root user work.
   * @default true
   */
  readonly writableCaches?: boolean;
}

/** Where the writable caches live. */
export const CACHE_ROOT = '/opt/ml-env/cache';

/** The zod shape of MlImageOptions. @internal */
export const mlImageOptionsShape = {
  ...containerImageOptionsShape,
  aptPackages: z.array(schemas.aptPackage).optional(),
  pipPackages: z.array(schemas.pipRequirement).optional(),
  timezone: schemas.timezone.optional(),
  writableCaches: z.boolean().optional(),
};

/**
 * Common ground of the ML presets: an apt layer, the preset's Python layer, the user's Python
 * layer, writable caches, time zone, and `/code` as working directory.
 */
export abstract class MlImage extends ContainerImage {
  /** The system packages layer. */
  public readonly systemPackages: AptPackages;
  private userPythonPackages?: PythonPackages;

  protected constructor(scope: IConstruct, id: string, baseImage: BaseImage, options: MlImageOptions, presetEnv: { [name: string]: string }) {
    const timezone = options.timezone ?? 'UTC';
    const caches = options.writableCaches ?? true;
    super(scope, id, {
      ...options,
      baseImage,
      workdir: options.workdir ?? '/code',
      env: {
        PYTHONDONTWRITEBYTECODE: '1',
        TZ: timezone,
        ...(caches ? { MPLCONFIGDIR: `${CACHE_ROOT}/matplotlib`, HF_HOME: `${CACHE_ROOT}/huggingface` } : {}),
        ...presetEnv,
        ...options.env,
      },
    });
    this.systemPackages = new AptPackages(this, 'SystemPackages', { packages: ['tzdata', ...(options.aptPackages ?? [])] });
    if (options.pipPackages && options.pipPackages.length > 0) {
      this.addPipPackages(...options.pipPackages);
    }
    if (caches) {
      new WritableDirectories(this, 'Caches', { paths: [`${CACHE_ROOT}/matplotlib`, `${CACHE_ROOT}/huggingface`] });
    }
  }

  /** Adds system packages to the image's apt layer. */
  public addAptPackages(...packages: string[]): void {
    this.systemPackages.addPackages(...packages);
  }

  /** Adds Python packages to the user's pip layer (after the preset's own packages). */
  public addPipPackages(...packages: string[]): void {
    if (!this.userPythonPackages) {
      this.userPythonPackages = new PythonPackages(this, 'PipPackages', { packages });
    } else {
      this.userPythonPackages.addPackages(...packages);
    }
  }
}
