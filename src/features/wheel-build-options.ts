import { z } from 'zod';
import * as schemas from '../compat/schemas';

/** How a wheel is built in a builder stage and installed: shared by GitWheelInstall and LocalPackageInstall. */
export interface WheelBuildOptions {
  /**
   * Extras whose dependencies are installed too, such as `["torch"]`.
   * @default - none
   */
  readonly extras?: string[];
  /**
   * Debian/Ubuntu packages the build needs, such as `["build-essential", "python3-dev"]` for C
   * extensions. Installed in the builder stage only.
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

/** The zod shape of WheelBuildOptions. @internal */
export const wheelBuildShape = {
  extras: z.array(schemas.extraName).optional(),
  buildAptPackages: z.array(schemas.aptPackage).optional(),
  buildIsolation: z.boolean().optional(),
  indexUrl: schemas.indexUrl.optional(),
  extraIndexUrls: z.array(schemas.indexUrl).optional(),
  pipOptions: z.array(schemas.oneLine).optional(),
  python: schemas.pythonInterpreter.optional(),
};
