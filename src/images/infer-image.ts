import { IConstruct } from 'constructs';
import { z } from 'zod';
import { BaseImage, CudaFlavour } from './base-image';
import { MlImage, MlImageOptions, mlImageOptionsShape } from './ml-image';
import { Confidence, valueOf } from '../compat/confidence';
import { CUDA_DRIVER_FLOOR } from '../compat/data';
import type { ImageVersions } from '../compat/image-versions';
import { reportProblems, versionLists } from '../compat/report';
import { Problem, problem, resolveInfer } from '../compat/resolve';
import { resolveTorch } from '../compat/resolve-ngc';
import * as schemas from '../compat/schemas';
import { parseRequirement } from '../compat/versions';
import { Mount } from '../dockerfile/mount';
import { OnnxRuntimeStartupCheck } from '../features/onnxruntime-startup-check';
import { PIP_CACHE, PythonPackages } from '../features/python-packages';
import type { ImageBuild } from '../images/image-build';
import { FeaturePhase, ImageFeature } from '../images/image-feature';
import { shellQuote, shellQuoteAlways } from '../private/quote';
import { checkProps } from '../private/validate';

/** Props of an InferImage. */
export interface InferImageProps extends MlImageOptions {
  /** CUDA version of the base image, major.minor.patch, such as "11.8.0". */
  readonly cuda: string;
  /**
   * onnxruntime-gpu version, pinned exactly, such as "1.18.1"; or "latest" for the newest version in
   * the compatibility table (installed as "1.28.*" and checked like any other).
   */
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
  /**
   * Also install PyTorch, "2.4.1" or "2.4", from its CUDA wheel index for this image's CUDA.
   * @default - no torch
   */
  readonly torch?: string;
  /**
   * CUDA of the torch wheel index, major.minor such as "12.1" (cu121).
   * @default - the newest index of that torch whose CUDA the image can run
   */
  readonly torchCuda?: string;
  /**
   * Refuse to start the container when onnxruntime's CUDA provider cannot load, instead of the
   * silent CPU fallback (see OnnxRuntimeStartupCheck).
   * @default false
   */
  readonly onnxruntimeStartupCheck?: boolean;
}

const schema = z.object({
  ...mlImageOptionsShape,
  cuda: schemas.dottedVersion(3, '11.8.0'),
  onnxruntime: z.union([z.literal('latest'), schemas.dottedVersion(3, '1.18.1')], { errorMap: () => ({ message: 'expected a version like "1.18.1" or "latest"' }) }),
  cudnn: z.union([z.literal(8), z.literal(9)], { errorMap: () => ({ message: 'expected cudnn major 8 or 9' }) }).optional(),
  flavour: z.nativeEnum(CudaFlavour, { errorMap: () => ({ message: 'expected CudaFlavour.RUNTIME or CudaFlavour.DEVEL' }) })
    .refine((f) => f !== CudaFlavour.BASE, 'expected CudaFlavour.RUNTIME or CudaFlavour.DEVEL (the base flavour has no cudnn)').optional(),
  os: z.string().regex(/^ubuntu(20|22|24|26)\.04$/, 'expected "ubuntu20.04", "ubuntu22.04", "ubuntu24.04" or "ubuntu26.04"').optional(),
  opencv: z.boolean().optional(),
  torch: z.string().regex(/^\d+\.\d+(\.\d+)?$/, 'expected a torch version like "2.4.1" or "2.4"').optional(),
  torchCuda: z.string().regex(/^\d+\.\d+$/, 'expected a CUDA version like "12.1"').optional(),
  onnxruntimeStartupCheck: z.boolean().optional(),
}).passthrough();

/**
 * An inference image on NVIDIA's CUDA image (`nvcr.io/nvidia/cuda:<cuda>-cudnn<N>-<flavour>-<os>`)
 * with the system Python, pip, `python` on the PATH, onnxruntime-gpu pinned to the build that
 * matches the image's CUDA and cuDNN (from PyPI or the ONNX Runtime feed that has it), and OpenCV
 * headless. Version combinations that cannot work are reported at synth, all together, each with
 * the nearest valid combination.
 *
 * @example
 * new InferImage(project, 'Infer', { cuda: '11.8.0', onnxruntime: '1.18.1' });
 */
export class InferImage extends MlImage {
  /** CUDA version of the base image. */
  public readonly cuda: string;
  /** cuDNN major version of the base image. */
  public readonly cudnn: number;
  /** The full cuDNN version inside the base image, when the tag table knows it. */
  public readonly cudnnVersion?: string;
  /** Ubuntu release of the base image, such as "22.04". */
  public readonly ubuntu: string;
  /** The image's Python (Ubuntu's python3), major.minor. */
  public readonly python?: string;
  /** The onnxruntime-gpu version as given ("1.18.1" or "latest"). */
  public readonly onnxruntime: string;
  /** The package index that serves this onnxruntime build, when it is not the default index. */
  public readonly onnxruntimeIndexUrl?: string;
  /** The torch wheel index, when torch is installed. */
  public readonly torchIndexUrl?: string;
  /** Every resolved version. */
  public readonly versions: ImageVersions;
  private readonly problems: Problem[];

  public constructor(scope: IConstruct, id: string, props: InferImageProps) {
    checkProps(scope, `infer image "${id}"`, schema, props);
    const ubuntu = (props.os ?? 'ubuntu22.04').replace(/^ubuntu/, '');
    const flavour = (props.flavour ?? CudaFlavour.RUNTIME) as string;
    const resolved = resolveInfer({ cuda: props.cuda, ubuntu, flavour, cudnn: props.cudnn, onnxruntime: props.onnxruntime });
    const { image, ort } = resolved;
    const torch = props.torch
      ? resolveTorch({ torch: props.torch, torchCuda: props.torchCuda, cuda: props.cuda, cudnnMajor: image.cudnnMajor, python: image.python })
      : undefined;
    const baseImage = BaseImage.of(`nvcr.io/nvidia/cuda:${image.tag}`);
    super(scope, id, baseImage, props, ubuntu === '24.04' || ubuntu === '26.04' ? { PIP_BREAK_SYSTEM_PACKAGES: '1' } : {});
    this.cuda = props.cuda;
    this.cudnn = image.cudnnMajor;
    this.cudnnVersion = image.cudnnVersion;
    this.ubuntu = ubuntu;
    this.python = image.python;
    this.onnxruntime = props.onnxruntime;
    this.onnxruntimeIndexUrl = ort.indexUrl;
    this.torchIndexUrl = torch?.indexUrl;
    this.problems = [...resolved.problems, ...(torch?.problems ?? [])];
    if (props.torchCuda && !props.torch) {
      this.problems.push(problem(Confidence.VERIFIED, 'torchCuda is set without torch; set torch too, or remove torchCuda'));
    }
    const driver = CUDA_DRIVER_FLOOR[String(Number(props.cuda.split('.')[0]))];
    this.versions = {
      baseImage: baseImage.reference,
      ...versionLists({
        python: image.pythonConfidence,
        cudnn: image.cudnnVersion ? image.cudnnConfidence : Confidence.VERIFIED,
        driver: driver ? Confidence.VERIFIED : Confidence.UNVERIFIED,
      }),
      ubuntu,
      python: image.python,
      cuda: props.cuda,
      cudnn: image.cudnnVersion ?? String(image.cudnnMajor),
      onnxruntime: ort.pin,
      pytorch: props.torch ? (torch?.index ? `${props.torch} (${torch.index.tag})` : props.torch) : undefined,
      driver: valueOf(driver),
    };
    // CUDA images have no Python: the system one, pip, and `python` pointing at python3
    this.addAptPackages('python3', 'python3-pip', 'python-is-python3');
    new OnnxRuntimeLayer(this, 'OnnxRuntime', {
      ort: ort.pin,
      ortFeed: ort.indexUrl,
      opencv: props.opencv ?? true,
      torch: props.torch,
      torchIndex: torch?.indexUrl,
    });
    if (props.onnxruntimeStartupCheck) {
      new OnnxRuntimeStartupCheck(this, 'OnnxRuntimeStartupCheck');
    }
    reportProblems(this, () => [...this.problems, ...this.pipProblems()]);
  }

  /** Warnings about this image's versions (facts that are unverified, tags that may be deleted). */
  public get compatWarnings(): string[] {
    return [...this.problems, ...this.pipProblems()].filter((p) => p.severity === 'warning').map((p) => p.message);
  }

  /** A second onnxruntime requirement in the user's pip layer would replace or shadow the pinned build. */
  private pipProblems(): Problem[] {
    const layer = this.node.tryFindChild('PipPackages');
    const packages = layer instanceof PythonPackages ? layer.packages : [];
    return packages.filter((p) => ['onnxruntime', 'onnxruntime-gpu'].includes(parseRequirement(p).name)).map((p) => problem(Confidence.VERIFIED,
      `pipPackages has "${p}", but the image already installs onnxruntime-gpu ${this.versions.onnxruntime} for its CUDA and cuDNN `
      + '(a second requirement replaces that build, and "onnxruntime" shadows the GPU package); remove it and set onnxruntime instead'));
  }
}

interface OnnxRuntimeLayerOptions {
  readonly ort: string;
  readonly ortFeed?: string;
  readonly opencv: boolean;
  readonly torch?: string;
  readonly torchIndex?: string;
}

/** Installs torch (when asked), onnxruntime-gpu (from its feed when the build is not on PyPI) and OpenCV. */
class OnnxRuntimeLayer extends ImageFeature {
  public readonly phase = FeaturePhase.FRAMEWORK;

  public constructor(scope: IConstruct, id: string, private readonly options: OnnxRuntimeLayerOptions) {
    super(scope, id);
  }

  public contribute(build: ImageBuild): void {
    const o = this.options;
    const mounts = [Mount.cache({ target: PIP_CACHE })];
    if (o.torch && o.torchIndex) {
      const torch = shellQuoteAlways(`torch==${o.torch.split('.').length === 2 ? `${o.torch}.*` : o.torch}`);
      build.finalStage.run([`python -m pip install --index-url ${shellQuote(o.torchIndex)} ${torch}`], { mounts });
    }
    const ort = shellQuoteAlways(`onnxruntime-gpu==${o.ort}`);
    const commands: string[] = [];
    if (o.ortFeed) {
      // the feed holds only onnxruntime: take the wheel from it, then its dependencies from the default index
      commands.push(`python -m pip install --no-deps --index-url ${shellQuote(o.ortFeed)} ${ort}`);
    }
    commands.push(['python -m pip install', ort, ...(o.opencv ? [shellQuoteAlways('opencv-python-headless')] : [])].join(' '));
    build.finalStage.run(commands, { mounts });
  }
}
