import { IConstruct } from 'constructs';
import { Component } from 'projen';
import { locateRootLines } from './script-paths';
import type { ContainerImage } from '../images/container-image';
import { GeneratedFile } from '../private/generated-file';
import { ShellScript } from '../shell/shell-script';

/** Options of the build-all script. @internal */
export interface BuildAllScriptOptions {
  /** The images in build order, read at synth. */
  readonly images: () => ContainerImage[];
}

/** `docker/build-all.sh`: builds every image of the project, each after the images it starts from. */
export class BuildAllScript extends Component {
  private readonly images: () => ContainerImage[];

  public constructor(scope: IConstruct, id: string, options: BuildAllScriptOptions) {
    super(scope, id);
    this.images = options.images;
    new GeneratedFile(this, 'docker/build-all.sh', { executable: true, render: (marker) => this.render(marker) });
  }

  private render(marker: string | undefined): string {
    const script = new ShellScript();
    script.addComment('Builds every image of this project in dependency order. Arguments go to each docker build.');
    script.addLines(...locateRootLines('docker'));
    for (const image of this.images()) {
      script.addLines(`ML_ENV_NO_DEPS=1 "$root/${image.buildScript.path}" "$@"`);
    }
    return script.render(marker);
  }
}
