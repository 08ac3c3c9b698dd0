import { IConstruct } from 'constructs';
import { z } from 'zod';
import { BaseImage } from './base-image';
import { ContainerImage, ContainerImageOptions, containerImageOptionsShape } from './container-image';
import * as schemas from '../compat/schemas';
import { Provenance } from '../features/provenance';
import { checkProps } from '../private/validate';

/** Props of an ApplicationImage. */
export interface ApplicationImageProps extends ContainerImageOptions {
  /**
   * Another image of this project to start from, such as the inference image. Its build runs
   * first and its tag is derived, never retyped. Give exactly one of `from` and `fromReference`.
   * @default - none (then fromReference)
   */
  readonly from?: ContainerImage;
  /**
   * Any image reference to start from, such as "registry.example.com/team/infer:1.2".
   * Give exactly one of `from` and `fromReference`.
   * @default - none (then from)
   */
  readonly fromReference?: string;
  /**
   * Record how the image was made: OCI labels and `/etc/ml-env/image.json` (see Provenance).
   * @default true
   */
  readonly provenance?: boolean;
  /**
   * Where the image's source lives, for the `org.opencontainers.image.source` label.
   * @default - not set
   */
  readonly source?: string;
  /**
   * The image's version, for the `org.opencontainers.image.version` label.
   * @default - `git describe` of the project at build time
   */
  readonly version?: string;
}

const schema = z.object({
  ...containerImageOptionsShape,
  from: z.custom<ContainerImage>((v) => ContainerImage.isContainerImage(v), 'expected an image of this project (a ContainerImage, TrainingImage, InferImage...)').optional(),
  fromReference: schemas.imageReference.optional(),
  provenance: z.boolean().optional(),
  source: z.string().optional(),
  version: z.string().optional(),
}).passthrough().superRefine((p, ctx) => {
  if ((p.from === undefined) === (p.fromReference === undefined)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['from'],
      message: 'expected exactly one of from (an image of this project) and fromReference (an image reference string)',
    });
  }
});

/**
 * An application image derived from a base environment: the project's inference or training
 * image (built first, tag derived) or any image reference. Attach install features to it
 * (AptPackages, PythonPackages, GitWheelInstall, LocalPackageInstall, ModelAssets); they land in
 * phase order, heavy dependencies above the project's own code, so that editing the code rebuilds
 * only the last layers. Records its provenance by default.
 *
 * @example
 * const app = new ApplicationImage(project, 'DocAligner', {
 *   from: inference,
 *   command: Command.exec(['python', '-m', 'docaligner']),
 * });
 * new GitWheelInstall(app, 'DocAligner', { repository: 'https://github.com/DocsaidLab/DocAligner.git', ref: 'v1.0.0' });
 */
export class ApplicationImage extends ContainerImage {
  /** The image of this project this one starts from, if any. */
  public readonly from?: ContainerImage;
  /** The provenance feature, unless turned off. */
  public readonly provenance?: Provenance;

  public constructor(scope: IConstruct, id: string, props: ApplicationImageProps) {
    checkProps(scope, `application image "${id}"`, schema, props);
    const baseImage = props.from ? BaseImage.fromImage(props.from) : BaseImage.of(props.fromReference!);
    super(scope, id, { ...props, baseImage });
    this.from = props.from;
    if (props.provenance ?? true) {
      this.provenance = new Provenance(this, 'Provenance', { source: props.source, version: props.version });
    }
  }
}
