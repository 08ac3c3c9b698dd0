import { Component } from 'projen';
import { locateRootLines } from './script-paths';
import type { ContainerImage } from '../images/container-image';
import { BASE_IMAGE_ARG } from '../images/image-build';
import { GeneratedFile } from '../private/generated-file';
import { shellQuote } from '../private/quote';
import { ShellScript } from '../shell/shell-script';

/**
 * `docker/<image>/build.sh`: builds the image with BuildKit from any working directory, after
 * building the project images it starts from. Created by every ContainerImage.
 *
 * Environment it reads: `BASE_IMAGE` (build from another base), `ML_ENV_NO_DEPS=1` (skip the
 * images this one starts from), `DOCKER` (the docker client). Arguments go to `docker build`.
 */
export class BuildScript extends Component {
  /** Path of the script, relative to the project root. */
  public readonly path: string;
  private readonly image: ContainerImage;

  public constructor(image: ContainerImage, id: string) {
    super(image, id);
    this.image = image;
    this.path = `${image.directory}/build.sh`;
    new GeneratedFile(this, this.path, { executable: true, render: (marker) => this.render(marker) });
  }

  private render(marker: string | undefined): string {
    const image = this.image;
    const build = image.synthesizeBuild();
    const script = new ShellScript();
    script.addComment([
      `Builds ${image.imageRef} from ${image.dockerfilePath}.`,
      `Usage: ${this.path} [docker build options for this image...]`,
      '  BASE_IMAGE=<ref>          start from another base image (a mirror, a local image)',
      '  ML_ENV_NO_DEPS=1          do not build the project images this one starts from',
      '  DOCKER_BUILD_ARGS=<opts>  options for every build, parents included, split on whitespace',
      '                            ("--network host --progress plain")',
      '  DOCKER=<path>             the docker client to use',
    ].join('\n'));
    script.addLines(...locateRootLines(image.directory));
    const parent = image.baseImage.image;
    if (parent) {
      script.addBlank();
      script.addBlock('if [[ -z "${ML_ENV_NO_DEPS:-}" ]]; then', 'fi')
        .addLines(`# ${image.imageRef} starts from ${parent.imageRef}, so that one is built first (with its own base)`)
        .addLines(`env -u ${BASE_IMAGE_ARG} "$root/${parent.buildScript.path}"`);
    }
    script.addBlank();
    // unlike the arguments, which belong to this image's build, these reach the parents' builds too
    script.addLines('read -r -a common <<< "${DOCKER_BUILD_ARGS:-}"');
    script.addLines(`args=(--file "$here/Dockerfile" --tag ${shellQuote(image.imageRef)} ` + '"${common[@]}")');
    script.addBlock(`if [[ -n "\${${BASE_IMAGE_ARG}:-}" ]]; then`, 'fi')
      .addLines(`args+=(--build-arg "${BASE_IMAGE_ARG}=\${${BASE_IMAGE_ARG}}")`);
    for (const flag of build.buildFlags) {
      script.addLines(`args+=(${flag.map(shellQuote).join(' ')})`);
    }
    script.addLines(...build.buildScriptLines);
    const context = image.buildContext === '.' ? '$root' : `$root/${image.buildContext}`;
    script.addLines(`DOCKER_BUILDKIT=1 "\${DOCKER:-docker}" build "\${args[@]}" "$@" "${context}"`);
    return script.render(marker);
  }
}
