import { IConstruct } from 'constructs';
import { z } from 'zod';
import { BaseImage } from './base-image';
import { MlImage, MlImageOptions, mlImageOptionsShape } from './ml-image';
import * as schemas from '../compat/schemas';
import { checkProps } from '../private/validate';

/** Props of a TrainingImage. */
export interface TrainingImageProps extends MlImageOptions {
  /** NVIDIA PyTorch container release, YY.MM, such as "24.05". */
  readonly ngcRelease: string;
}

const schema = z.object({ ...mlImageOptionsShape, ngcRelease: schemas.ngcRelease }).passthrough();

/**
 * A training image on NVIDIA's PyTorch container (`nvcr.io/nvidia/pytorch:<release>-py3`), which
 * already holds PyTorch, CUDA, cuDNN, NCCL and Python; pip installs go into its system Python and
 * keep NVIDIA's torch build.
 *
 * @example
 * new TrainingImage(project, 'Train', { ngcRelease: '24.05', pipPackages: ['timm', 'Pillow>=10.0.0'] });
 */
export class TrainingImage extends MlImage {
  /** The NGC release. */
  public readonly ngcRelease: string;

  public constructor(scope: IConstruct, id: string, props: TrainingImageProps) {
    checkProps(scope, `training image "${id}"`, schema, props);
    super(scope, id, BaseImage.ngcPyTorch(props.ngcRelease), props, {});
    this.ngcRelease = props.ngcRelease;
  }
}
