import { IConstruct } from 'constructs';
import { z } from 'zod';
import { BaseImage, CudaFlavour } from './base-image';
import { MlImage, MlImageOptions, mlImageOptionsShape } from './ml-image';
import { defaultCudnnMajor } from '../compat/cuda-images';
import { resolveOrtBuild } from '../compat/onnxruntime';
import * as schemas from '../compat/schemas';
import { FeaturePhase, ImageFeature } from '../images/image-feature';
import type { ImageBuild } from '../images/image-build';
import { PIP_CACHE } from '../features/python-packages';
import { Mount } from '../dockerfile/mount';
import { shellQuote, shellQuoteAlways } from '../private/quote';
import { checkProps, constructPath } from '../private/validate';

/** Props of an InferImage. */
export interface InferImageProps extends MlImageOptions {
  /** CUDA version of the base image, major.minor.patch, such as "11.8.0". */
  readonly cuda: string;
  /** onnxruntime-gpu version, pinned exactly, such as "1.18.1". */
  readonly onnxruntime: string;
  /**
   * cuDNN major version of the base image.
   * @default - the one NVIDIA ships with that CUDA (8 before 12.3, 9 from 12.3)
   */
  readonly cudnn?: number;
  /**
   * CUDA image flavour.
   * @default CudaFlavour.RUNTIME
   */
  readonly flavour?: CudaFlavour;
  /**
   * Operating system of the CUDA image.
   * @default "ubuntu22.04"
   */
  readonly os?: string;
  /**
   * Install OpenCV without GUI libraries (`opencv-python-headless`).
   * @default true
   */
  readonly opencv?: boolean;
}

const schema = z.object({
  ...mlImageOptionsShape,
  cuda: schemas.dottedVersion(3, '11.8.0'),
  onnxruntime: schemas.dottedVersion(3, '1.18.1'),
  cudnn: z.union([z.literal(8), z.literal(9)], { errorMap: () => ({ message: 'expected cudnn major 8 or 9' }) }).optional(),
  flavour: z.nativeEnum(CudaFlavour, { errorMap: () => ({ message: 'expected CudaFlavour.RUNTIME or CudaFlavour.DEVEL' }) })
    .refine((f) => f !== CudaFlavour.BASE, 'expected CudaFlavour.RUNTIME or CudaFlavour.DEVEL (the base flavour has no cudnn)').optional(),
  os: z.string().regex(/^ubuntu(20|22|24)\.04$/, 'expected "ubuntu20.04", "ubuntu22.04" or "ubuntu24.04"').optional(),
  opencv: z.boolean().optional(),
}).passthrough();

/**
 * An inference image on NVIDIA's CUDA image (`nvcr.io/nvidia/cuda:<cuda>-cudnn<N>-<flavour>-<os>`)
 * with the system Python, pip, `python` on the PATH, onnxruntime-gpu pinned to the build that
 * matches the image's CUDA and cuDNN, and OpenCV headless.
 *
 * @example
 * new InferImage(project, 'Infer', { cuda: '11.8.0', onnxruntime: '1.18.1' });
 */
export class InferImage extends MlImage {
  /** CUDA version of the base image. */
  public readonly cuda: string;
  /** cuDNN major version of the base image. */
  public readonly cudnn: number;
  /** The onnxruntime-gpu version. */
  public readonly onnxruntime: string;
  /** The package index that serves this onnxruntime build, when it is not the default index. */
  public readonly onnxruntimeIndexUrl?: string;

  public constructor(scope: IConstruct, id: string, props: InferImageProps) {
    checkProps(scope, `infer image "${id}"`, schema, props);
    const cudnn = props.cudnn ?? defaultCudnnMajor(props.cuda);
    const ort = withPath(scope, id, () => resolveOrtBuild(props.onnxruntime, Number(props.cuda.split('.')[0]), cudnn));
    const os = props.os ?? 'ubuntu22.04';
    const base = withPath(scope, id, () => BaseImage.cuda({ cuda: props.cuda, cudnn, flavour: props.flavour, os }));
    super(scope, id, base, props, os === 'ubuntu24.04' ? { PIP_BREAK_SYSTEM_PACKAGES: '1' } : {});
    this.cuda = props.cuda;
    this.cudnn = cudnn;
    this.onnxruntime = props.onnxruntime;
    this.onnxruntimeIndexUrl = ort.feed;
    // CUDA images have no Python: the system one, pip, and `python` pointing at python3
    this.addAptPackages('python3', 'python3-pip', 'python-is-python3');
    new OnnxRuntimeLayer(this, 'OnnxRuntime', this.onnxruntime, ort.feed, props.opencv ?? true);
  }
}

/** Installs onnxruntime-gpu (from its feed when the build is not on the default index) and OpenCV. */
class OnnxRuntimeLayer extends ImageFeature {
  public readonly phase = FeaturePhase.FRAMEWORK;

  public constructor(scope: IConstruct, id: string, private readonly version: string,
    private readonly feed: string | undefined, private readonly opencv: boolean) {
    super(scope, id);
  }

  public contribute(build: ImageBuild): void {
    const ort = shellQuoteAlways(`onnxruntime-gpu==${this.version}`);
    const commands: string[] = [];
    if (this.feed) {
      // the feed holds only onnxruntime: take the wheel from it, then its dependencies from the default index
      commands.push(`python -m pip install --no-deps --index-url ${shellQuote(this.feed)} ${ort}`);
    }
    commands.push(['python -m pip install', ort, ...(this.opencv ? [shellQuoteAlways('opencv-python-headless')] : [])].join(' '));
    build.finalStage.run(commands, { mounts: [Mount.cache({ target: PIP_CACHE })] });
  }
}

function withPath<T>(scope: IConstruct, id: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const parent = constructPath(scope);
    const where = parent === '(project)' ? id : `${parent}/${id}`;
    throw new Error(`infer image at "${where}": ${(e as Error).message}`);
  }
}
