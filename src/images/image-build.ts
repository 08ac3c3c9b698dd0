import type { ContainerImage } from './container-image';
import { Dockerfile } from '../dockerfile/dockerfile';
import { Stage } from '../dockerfile/stage';

/** The build argument that holds the base image, overridable with `--build-arg BASE_IMAGE=...`. */
export const BASE_IMAGE_ARG = 'BASE_IMAGE';

/**
 * What an image's features produce at synth: the Dockerfile model with its final stage, and
 * the extra flags the image's build and run scripts pass to docker. Created by the image; each
 * feature's `contribute()` receives it once.
 */
export class ImageBuild {
  /** The image being built. */
  public readonly image: ContainerImage;
  /** The Dockerfile model. */
  public readonly dockerfile: Dockerfile;
  /** The last stage: the image that is tagged and run. */
  public readonly finalStage: Stage;
  private readonly buildFlagList: string[][] = [];
  private readonly runFlagList: string[][] = [];
  private readonly buildLines: string[] = [];
  private readonly secretList: string[] = [];
  private readonly runLines: string[] = [];

  /** @internal */
  public constructor(image: ContainerImage, dockerfile: Dockerfile, finalStage: Stage) {
    this.image = image;
    this.dockerfile = dockerfile;
    this.finalStage = finalStage;
  }

  /**
   * Adds a stage before the final one, starting from the same base image (for builder stages
   * whose output is copied into the final stage).
   * @param name stage name, used by `COPY --from=<name>`
   * @param from image to start from
   * @default from - the image's base (`${BASE_IMAGE}`)
   */
  public addBuilderStage(name: string, from?: string): Stage {
    return this.dockerfile.addStageBefore(this.finalStage, from ?? `\${${BASE_IMAGE_ARG}}`, { name });
  }

  /**
   * Adds words to the `docker build` command of the build script (quoted when rendered).
   * @param flag the flag and its values, such as `['--secret', 'id=pip,src=...']`
   */
  public addBuildFlag(...flag: string[]): void {
    this.buildFlagList.push(flag);
  }

  /**
   * Adds words to the `docker run` command of the run script (quoted when rendered).
   * @param flag the flag and its values, such as `['--shm-size', '8g']`
   */
  public addRunFlag(...flag: string[]): void {
    this.runFlagList.push(flag);
  }

  /**
   * Adds bash lines to the build script, run before `docker build` (checks that fail early with a
   * clear message, or `args+=(...)` lines that need the shell's expansion). Library-written text only.
   */
  public addBuildScriptLines(...lines: string[]): void {
    this.buildLines.push(...lines);
  }

  /**
   * Adds bash lines to the run script, run before `docker run` (`args+=(-e "USER_ID=$(id -u)")`).
   * Library-written text only.
   */
  public addRunScriptLines(...lines: string[]): void {
    this.runLines.push(...lines);
  }

  /**
   * Declares a BuildKit secret the build needs, in `docker build --secret` syntax such as
   * `id=pip-conf,src=${HOME}/.config/pip/pip.conf` or `id=token,env=TOKEN`. The bake file lists it
   * on the image's target (the build script passes its own flags through addBuildScriptLines).
   * @param spec the secret spec; `${VAR}` is expanded by bake from the environment
   */
  public addSecretSpec(spec: string): void {
    if (!/^id=[A-Za-z0-9_.-]+(,(src|env|type)=[^,\s"']+)*$/.test(spec)) {
      throw new Error(`secret spec must look like "id=<id>,src=<path>" or "id=<id>,env=<VAR>", got ${JSON.stringify(spec)}`);
    }
    this.secretList.push(spec);
  }

  /** The secret specs declared so far. */
  public get secretSpecs(): string[] {
    return [...this.secretList];
  }

  /** The build script lines added so far. */
  public get buildScriptLines(): string[] {
    return [...this.buildLines];
  }

  /** The run script lines added so far. */
  public get runScriptLines(): string[] {
    return [...this.runLines];
  }

  /** The build flags added so far, in order. */
  public get buildFlags(): string[][] {
    return this.buildFlagList.map((f) => [...f]);
  }

  /** The run flags added so far, in order. */
  public get runFlags(): string[][] {
    return this.runFlagList.map((f) => [...f]);
  }
}
