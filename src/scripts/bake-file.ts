import { IConstruct } from 'constructs';
import { Component } from 'projen';
import type { ContainerImage } from '../images/container-image';
import { GeneratedFile } from '../private/generated-file';

/** Options of the bake file. @internal */
export interface BakeFileOptions {
  /** The images in build order, read at synth. */
  readonly images: () => ContainerImage[];
}

/** Where the bake file is written, relative to the project root. */
export const BAKE_FILE = 'docker/docker-bake.json';

/**
 * `docker/docker-bake.json`: every image as a buildx bake target (JSON, which bake reads), with
 * its Dockerfile, tags, secrets, and a `target:` context for each project image it starts from,
 * so bake builds the shared base once and in order. Run from the project root:
 * `docker buildx bake -f docker/docker-bake.json`.
 */
export class BakeFile extends Component {
  /** Bake target names allow letters, digits, "_" and "-". */
  public static targetName(image: ContainerImage): string {
    return image.directory.split('/').pop()!.replace(/[^A-Za-z0-9_-]/g, '-');
  }

  private readonly images: () => ContainerImage[];

  public constructor(scope: IConstruct, id: string, options: BakeFileOptions) {
    super(scope, id);
    this.images = options.images;
    new GeneratedFile(this, BAKE_FILE, { render: (marker) => this.render(marker) });
  }

  private render(marker: string | undefined): string {
    const images = this.images();
    const target: { [name: string]: unknown } = {};
    for (const image of images) {
      const build = image.synthesizeBuild();
      const parent = image.baseImage.image;
      target[BakeFile.targetName(image)] = {
        context: image.buildContext,
        dockerfile: image.dockerfilePath,
        tags: [image.imageRef],
        // FROM ${BASE_IMAGE} names the parent by its reference: bake swaps in the parent target
        ...(parent ? { contexts: { [parent.imageRef]: `target:${BakeFile.targetName(parent)}` } } : {}),
        ...(build.secretSpecs.length > 0 ? { secret: build.secretSpecs } : {}),
      };
    }
    const bake = {
      ...(marker ? { '//': marker } : {}),
      group: { default: { targets: images.map((i) => BakeFile.targetName(i)) } },
      target,
    };
    return `${JSON.stringify(bake, undefined, 2)}\n`;
  }
}
