import { IConstruct } from 'constructs';
import { Component } from 'projen';
import { z } from 'zod';
import { BaseImage } from './base-image';
import { DockerEnvironment } from './docker-environment';
import { BASE_IMAGE_ARG, ImageBuild } from './image-build';
import { ImageFeature } from './image-feature';
import * as schemas from '../compat/schemas';
import { Command } from '../dockerfile/command';
import { Dockerfile } from '../dockerfile/dockerfile';
import { GeneratedFile } from '../private/generated-file';
import { checkProps } from '../private/validate';
import { BuildScript } from '../scripts/build-script';
import { RunScript } from '../scripts/run-script';

/** Options every image has, presets included. */
export interface ContainerImageOptions {
  /**
   * The repository name the image is tagged with (Docker's reference grammar).
   * @default - the construct id, lowercased, with other characters turned into "-"
   */
  readonly imageName?: string;
  /**
   * The tag.
   * @default "latest"
   */
  readonly tag?: string;
  /**
   * Folder of the generated Dockerfile and scripts, relative to the project root.
   * @default - "docker/<last part of imageName>"
   */
  readonly directory?: string;
  /**
   * Build context, relative to the project root.
   * @default "."
   */
  readonly buildContext?: string;
  /**
   * Registry host (and path) that mirrors upstream registries; replaces the base image's registry
   * in the Dockerfile's default `BASE_IMAGE`. At build time `BASE_IMAGE=<ref> build.sh` overrides it.
   * @default - pull from the base image's own registry
   */
  readonly registryMirror?: string;
  /**
   * Working directory of the final image.
   * @default - the base image's
   */
  readonly workdir?: string;
  /**
   * Environment variables of the final image, in the order given.
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * Labels of the final image.
   * @default - none
   */
  readonly labels?: { [name: string]: string };
  /**
   * Default command (CMD).
   * @default - the base image's
   */
  readonly command?: Command;
  /**
   * A `# syntax=` parser directive. Off by default: it makes BuildKit pull a frontend image.
   * @default - none
   */
  readonly syntax?: string;
  /**
   * Generate `run.sh` (a default RunScript; configure it through `runScript`, or turn it off and
   * create your own RunScript).
   * @default true
   */
  readonly runScript?: boolean;
}

/** Props of a ContainerImage. */
export interface ContainerImageProps extends ContainerImageOptions {
  /** The image to start from. */
  readonly baseImage: BaseImage;
}

const optionsShape = {
  imageName: schemas.imageName.optional(),
  tag: schemas.imageTag.optional(),
  directory: schemas.projectPath.optional(),
  buildContext: z.union([z.literal('.'), schemas.projectPath]).optional(),
  registryMirror: schemas.registryMirror.optional(),
  workdir: schemas.absolutePath.optional(),
  env: schemas.envMap.optional(),
  labels: schemas.labelMap.optional(),
  command: z.custom<Command>((v) => v instanceof Command, 'expected a Command (Command.exec or Command.shell)').optional(),
  syntax: z.string().regex(/^[a-z0-9./_-]+(:[A-Za-z0-9._-]+)?$/, 'expected a frontend image such as "docker/dockerfile:1"').optional(),
  runScript: z.boolean().optional(),
};

/** The zod shape of ContainerImageOptions, reused by the presets. @internal */
export const containerImageOptionsShape = optionsShape;

const propsSchema = z.object({
  ...optionsShape,
  baseImage: z.custom<BaseImage>((v) => v instanceof BaseImage, 'expected a BaseImage (BaseImage.of, .ngcPyTorch, .cuda or .fromImage)'),
}).passthrough();

const IMAGE_SYMBOL = Symbol.for('ml-env-constructs.ContainerImage');

/**
 * A container image of the project: owns `docker/<name>/Dockerfile` and `build.sh`, and
 * collects the features attached to it at synth, in phase order.
 *
 * @example
 * const app = new ContainerImage(project, 'App', { baseImage: BaseImage.of('python:3.11-slim') });
 */
export class ContainerImage extends Component {
  /** Whether `x` is a ContainerImage. */
  public static isContainerImage(x: unknown): x is ContainerImage {
    return typeof x === 'object' && x !== null && IMAGE_SYMBOL in x;
  }

  /** The image `construct` belongs to (itself or its nearest image ancestor), if any. */
  public static of(construct: IConstruct): ContainerImage | undefined {
    return construct.node.scopes.slice().reverse().find((s) => ContainerImage.isContainerImage(s)) as ContainerImage | undefined;
  }

  /** The repository name. */
  public readonly imageName: string;
  /** The tag. */
  public readonly tag: string;
  /** The folder of the generated files, relative to the project root. */
  public readonly directory: string;
  /** The build context, relative to the project root. */
  public readonly buildContext: string;
  /** The image this one starts from. */
  public readonly baseImage: BaseImage;
  /** The working directory of the final image, if set. */
  public readonly workdir?: string;
  /** The build script. */
  public readonly buildScript: BuildScript;
  /** The default run script (undefined with `runScript: false`). */
  public readonly runScript?: RunScript;
  private readonly props: ContainerImageProps;
  private readonly env: { [name: string]: string };
  private readonly labels: { [name: string]: string };
  private built?: ImageBuild;

  public constructor(scope: IConstruct, id: string, props: ContainerImageProps) {
    super(scope, id);
    Object.defineProperty(this, IMAGE_SYMBOL, { value: true });
    const imageName = props?.imageName ?? defaultImageName(id);
    checkProps(this, 'container image', propsSchema, { ...props, imageName });
    this.props = props;
    this.imageName = imageName;
    this.tag = props.tag ?? 'latest';
    this.directory = props.directory ?? `docker/${imageName.split('/').pop()}`;
    this.buildContext = props.buildContext ?? '.';
    this.baseImage = props.baseImage;
    this.workdir = props.workdir;
    this.env = { ...props.env };
    this.labels = { ...props.labels };

    const environment = DockerEnvironment.of(this.project);
    environment._addBuildContext(this.buildContext);
    new GeneratedFile(this, this.dockerfilePath, { render: (marker) => this.synthesizeBuild().dockerfile.render(marker) });
    this.buildScript = new BuildScript(this, 'BuildScript');
    this.project.addTask(`docker:build:${this.directory.split('/').pop()}`, {
      description: `Build the ${this.imageRef} image (and the project images it starts from)`,
      exec: this.buildScript.path,
      receiveArgs: true,
    });
    if (props.runScript ?? true) this.runScript = new RunScript(this, 'RunScript');
  }

  /**
   * A project path as seen from the build context (what COPY and bind mounts take).
   * @param projectPath path relative to the project root, inside the build context
   */
  public contextPath(projectPath: string): string {
    if (this.buildContext === '.') return projectPath;
    const prefix = `${this.buildContext.replace(/\/+$/, '')}/`;
    if (!projectPath.startsWith(prefix)) {
      throw new Error(`"${projectPath}" is outside the build context "${this.buildContext}" of ${this.imageRef}; set buildContext to a folder that holds it`);
    }
    return projectPath.slice(prefix.length);
  }

  /** `name:tag`, the reference the image is built as. */
  public get imageRef(): string {
    return `${this.imageName}:${this.tag}`;
  }

  /** Path of the Dockerfile, relative to the project root. */
  public get dockerfilePath(): string {
    return `${this.directory}/Dockerfile`;
  }

  /** The features attached to this image, in the order they contribute (phase, then creation). */
  public get features(): ImageFeature[] {
    const mine = this.node.findAll().filter((c): c is ImageFeature => ImageFeature.isImageFeature(c) && c.image === this);
    return mine.map((f, i) => ({ f, i })).sort((a, b) => a.f.phase - b.f.phase || a.i - b.i).map(({ f }) => f);
  }

  /** Sets an environment variable of the final image (later values replace earlier ones). */
  public addEnv(name: string, value: string): void {
    checkProps(this, 'container image', z.object({ env: schemas.envMap }), { env: { [name]: value } });
    this.env[name] = value;
  }

  /** Sets a label of the final image. */
  public addLabel(key: string, value: string): void {
    checkProps(this, 'container image', z.object({ labels: schemas.labelMap }), { labels: { [key]: value } });
    this.labels[key] = value;
  }

  /**
   * The build as of synth: the Dockerfile model and the scripts' extra flags. Computed once, on
   * first use at synth time, after every construct was added.
   */
  public synthesizeBuild(): ImageBuild {
    if (!this.built) {
      const dockerfile = new Dockerfile({ syntax: this.props.syntax });
      dockerfile.addGlobalArg(BASE_IMAGE_ARG, this.baseImage.mirroredReference(this.props.registryMirror));
      const finalStage = dockerfile.addStage(`\${${BASE_IMAGE_ARG}}`);
      const build = new ImageBuild(this, dockerfile, finalStage);
      if (Object.keys(this.env).length > 0) finalStage.env(this.env);
      if (Object.keys(this.labels).length > 0) finalStage.label(this.labels);
      for (const feature of this.features) {
        feature.contribute(build);
      }
      if (this.workdir) finalStage.workdir(this.workdir);
      if (this.props.command) finalStage.cmd(this.props.command);
      this.built = build;
    }
    return this.built;
  }
}

/** `DocAligner` -> `docaligner`, `My Image` -> `my-image`. */
function defaultImageName(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'image';
}
