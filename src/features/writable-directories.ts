import { IConstruct } from 'constructs';
import { z } from 'zod';
import * as schemas from '../compat/schemas';
import type { ImageBuild } from '../images/image-build';
import { FeaturePhase, ImageFeature } from '../images/image-feature';
import { shellCommand } from '../private/quote';
import { checkProps } from '../private/validate';

/** Props of WritableDirectories. */
export interface WritableDirectoriesProps {
  /** Absolute paths inside the image. */
  readonly paths: string[];
}

const schema = z.object({ paths: z.array(schemas.absolutePath).min(1, 'expected at least one path') });

/** The RUN commands that make folders writable to any user: the folders themselves, never their contents. */
export function writableDirectoryCommands(paths: string[]): string[] {
  return [shellCommand(['mkdir', '-p', '--', ...paths]), shellCommand(['chmod', '1777', '--', ...paths])];
}

/**
 * Directories that any user may write (mode 1777, like /tmp), prepared at build time.
 * Only the directories themselves are changed, never their contents: the cost does not grow
 * with the files inside, and site-packages stays read-only to non-root users.
 *
 * @example
 * new WritableDirectories(image, 'Caches', { paths: ['/opt/cache/huggingface'] });
 */
export class WritableDirectories extends ImageFeature {
  public readonly phase = FeaturePhase.FILES;
  /** The directories, in the order given. */
  public readonly paths: string[];

  public constructor(scope: IConstruct, id: string, props: WritableDirectoriesProps) {
    super(scope, id);
    checkProps(this, 'writable directories', schema, props);
    this.paths = [...new Set(props.paths)];
  }

  public contribute(build: ImageBuild): void {
    build.finalStage.run(writableDirectoryCommands(this.paths));
  }
}
