import { IConstruct } from 'constructs';
import { Component } from 'projen';
import type { ImageVersions } from '../compat/image-versions';
import type { ContainerImage } from '../images/container-image';
import { GeneratedFile } from '../private/generated-file';
import { RunScript } from '../scripts/run-script';

/** Options of the environment guide. @internal */
export interface EnvironmentGuideOptions {
  /** The images in build order, read at synth. */
  readonly images: () => ContainerImage[];
}

/** Path of the guide, relative to the project root. */
export const GUIDE_PATH = 'docker/README.md';

const ROWS: Array<[keyof ImageVersions, string]> = [
  ['ubuntu', 'Ubuntu'], ['python', 'Python'], ['cuda', 'CUDA'], ['cudnn', 'cuDNN'], ['pytorch', 'PyTorch'],
  ['onnxruntime', 'onnxruntime-gpu'], ['tensorrt', 'TensorRT'], ['nccl', 'NCCL'], ['driver', 'NVIDIA driver (minimum branch)'],
];

/**
 * `docker/README.md`: the consumer repository's guide to its containers, written from the same
 * declarations as the Dockerfiles (so it cannot go stale): a graph of which image is built from
 * which, and per image its resolved versions, how to build it and how to run it. Created once per
 * project by DockerEnvironment.
 */
export class EnvironmentGuide extends Component {
  private readonly images: () => ContainerImage[];

  public constructor(scope: IConstruct, id: string, options: EnvironmentGuideOptions) {
    super(scope, id);
    this.images = options.images;
    new GeneratedFile(this, GUIDE_PATH, { render: (marker) => this.render(marker) });
  }

  private render(marker: string | undefined): string {
    const images = this.images();
    const lines: string[] = [];
    if (marker) lines.push(`<!-- ${marker} -->`, '');
    lines.push('# Container environments', '');
    lines.push('The images of this repository, generated with their Dockerfiles and scripts from one declaration. '
      + 'Versions were resolved and checked against the compatibility tables when the files were generated.', '');
    lines.push('Build every image in dependency order with `docker/build-all.sh` (or `npx projen docker:build`).', '');
    if (images.length === 0) {
      lines.push('This project declares no images yet.', '');
      return lines.join('\n');
    }
    lines.push('## Which image is built from which', '', ...mermaid(images), '');
    for (const image of images) lines.push(...section(image));
    return `${lines.join('\n').replace(/\n+$/, '')}\n`;
  }
}

function mermaid(images: ContainerImage[]): string[] {
  const ids = new Map(images.map((image, i) => [image, `image${i + 1}`]));
  const externals = [...new Set(images.filter((i) => !i.baseImage.image).map((i) => i.baseImage.reference))].sort();
  const externalIds = new Map(externals.map((ref, i) => [ref, `base${i + 1}`]));
  const label = (text: string) => `"${text.replace(/"/g, '#quot;')}"`;
  return [
    '```mermaid',
    'graph TD',
    ...externals.map((ref) => `  ${externalIds.get(ref)}[(${label(ref)})]`),
    ...images.map((image) => `  ${ids.get(image)}[${label(image.imageRef)}]`),
    ...images.map((image) => {
      const parent = image.baseImage.image;
      return `  ${parent ? ids.get(parent) : externalIds.get(image.baseImage.reference)} --> ${ids.get(image)}`;
    }),
    '```',
  ];
}

/** The resolved versions of a preset (TrainingImage, InferImage), if the image has them. */
function versionsOf(image: ContainerImage): ImageVersions | undefined {
  const versions = (image as unknown as { versions?: ImageVersions }).versions;
  return versions && typeof versions === 'object' && 'baseImage' in versions ? versions : undefined;
}

function section(image: ContainerImage): string[] {
  const lines = [`## ${image.imageRef}`, ''];
  const parent = image.baseImage.image;
  lines.push(`Dockerfile: \`${image.dockerfilePath}\`. Built from ${parent ? `\`${parent.imageRef}\` (this repository; built first)` : `\`${image.baseImage.reference}\``}.`, '');
  const versions = versionsOf(image) ?? (parent ? undefined : { baseImage: image.baseImage.reference, indirect: [], unverified: [] });
  if (versions) {
    lines.push('| Component | Version |', '|---|---|', `| Base image | \`${versions.baseImage}\` |`);
    for (const [field, name] of ROWS) {
      const value = versions[field];
      if (typeof value !== 'string') continue;
      const mark = versions.unverified.includes(field) ? ' (unverified)' : versions.indirect.includes(field) ? ' (indirect source)' : '';
      lines.push(`| ${name} | ${value}${mark} |`);
    }
    const feed = (image as unknown as { onnxruntimeIndexUrl?: string }).onnxruntimeIndexUrl;
    if (feed) lines.push(`| onnxruntime-gpu index | ${feed} |`);
    lines.push('');
    if (versions.unverified.length + versions.indirect.length > 0) {
      lines.push('"(unverified)": not confirmed by a vendor source; "(indirect source)": taken from a sibling release artefact. '
        + 'Check them in the running container before relying on them.', '');
    }
  } else if (parent) {
    lines.push(`Versions: those of \`${parent.imageRef}\` above.`, '');
  }
  const warnings = (image as unknown as { compatWarnings?: string[] }).compatWarnings ?? [];
  if (warnings.length > 0) lines.push('Notes from the version checks:', '', ...warnings.map((w) => `- ${w}`), '');
  const check = image.features.find((f) => f.constructor.name === 'OnnxRuntimeStartupCheck') as unknown as { providers?: string[] } | undefined;
  if (check?.providers) {
    lines.push(`Start-up check: the container refuses to start when onnxruntime cannot load ${check.providers.join(', ')} `
      + '(instead of falling back to the CPU); run it with `-e ML_ENV_ORT_REQUIRE=` to skip the check.', '');
  }
  const task = `docker:build:${image.directory.split('/').pop()}`;
  lines.push('Build it (and the images it is built from):', '', '```bash', image.buildScript.path, '```', '', `or \`npx projen ${task}\`.`, '');
  // RunScripts of this image (each writes its own file); project.tryFindFile would scan every file of
  // the project per image, which made the guide quadratic in the number of images
  const runScripts = image.node.findAll()
    .filter((c): c is RunScript => c instanceof RunScript)
    .map((c) => c.path);
  if (runScripts.length > 0) {
    lines.push('Run it (the current directory is mounted; arguments replace the command):', '', '```bash', ...runScripts, '```', '');
  } else {
    lines.push(`Run it: \`docker run --rm -it --gpus all ${image.imageRef}\`.`, '');
  }
  return lines;
}
