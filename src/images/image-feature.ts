import { IConstruct } from 'constructs';
import { Component } from 'projen';
import { ContainerImage } from './container-image';
import type { ImageBuild } from './image-build';

/**
 * When a feature's instructions land in the final stage. Heavy, rarely changing layers come
 * first so that editing the project's own code rebuilds only the last layers.
 */
export enum FeaturePhase {
  /** System packages (apt). */
  SYSTEM_PACKAGES = 100,
  /** The ML framework a preset pins (onnxruntime-gpu, torch): above the user's Python packages. */
  FRAMEWORK = 150,
  /** Python packages (pip). */
  PYTHON_PACKAGES = 200,
  /** Model files fetched at build time: heavy and rarely changing, so above the project's code. */
  MODEL_ASSETS = 230,
  /** The project's own package (LocalPackageInstall): the layer that changes most often. */
  PROJECT_CODE = 250,
  /** Files and directories. */
  FILES = 300,
  /** User mapping and the entrypoint. */
  USER = 400,
}

const FEATURE_SYMBOL = Symbol.for('ml-env-constructs.ImageFeature');

/**
 * Base class of everything that attaches to an image: create it with the image (or a construct
 * inside it) as scope. At synth the image collects its features in phase order and asks each to
 * contribute instructions, build flags and run flags.
 */
export abstract class ImageFeature extends Component {
  /** Whether `x` is an image feature. */
  public static isImageFeature(x: unknown): x is ImageFeature {
    return typeof x === 'object' && x !== null && FEATURE_SYMBOL in x;
  }

  /** The image this feature belongs to. */
  public readonly image: ContainerImage;

  /** When this feature's instructions land in the final stage. */
  public abstract readonly phase: FeaturePhase;

  public constructor(scope: IConstruct, id: string) {
    super(scope, id);
    Object.defineProperty(this, FEATURE_SYMBOL, { value: true });
    const image = ContainerImage.of(this);
    if (!image) {
      throw new Error(`${this.constructor.name} "${id}" must be created inside a container image: pass the image as its scope`);
    }
    this.image = image;
  }

  /**
   * Adds this feature's instructions and flags to the image's build. Called once, at synth.
   * @param build the image's build under construction
   */
  public abstract contribute(build: ImageBuild): void;
}
