import type { ContainerImage } from './container-image';
import { cudaImageTag, CudaFlavourName, defaultCudnnMajor } from '../compat/cuda-images';
import { IMAGE_REFERENCE_RE } from '../compat/schemas';

/** Flavours of NVIDIA's CUDA images. */
export enum CudaFlavour {
  /** CUDA runtime libraries (and cuDNN when asked): the usual choice for inference. */
  RUNTIME = 'runtime',
  /** Runtime plus compilers, headers and static libraries: for building extensions. */
  DEVEL = 'devel',
  /** Only the CUDA runtime entry point; no cuDNN variant exists. */
  BASE = 'base',
}

/** Options of a `nvcr.io/nvidia/cuda` base image. */
export interface CudaImageOptions {
  /** The CUDA toolkit version, major.minor.patch, such as "11.8.0". */
  readonly cuda: string;
  /**
   * The cuDNN major version in the image; 0 for an image without cuDNN.
   * @default - the cuDNN that NVIDIA ships with that CUDA (8 before 12.3, 9 from 12.3)
   */
  readonly cudnn?: number;
  /**
   * Image flavour.
   * @default CudaFlavour.RUNTIME
   */
  readonly flavour?: CudaFlavour;
  /**
   * The operating system part of the tag.
   * @default "ubuntu22.04"
   */
  readonly os?: string;
}

/**
 * The image a ContainerImage starts from: a registry reference, an NGC/CUDA image resolved
 * from versions, or another image of the same project (which is then built first).
 */
export class BaseImage {
  /** Any image reference, such as "python:3.11-slim" or "registry.example.com/team/base:1.2". */
  public static of(reference: string): BaseImage {
    if (!IMAGE_REFERENCE_RE.test(reference)) {
      throw new Error(`base image must be a docker image reference such as "nvcr.io/nvidia/pytorch:24.05-py3", got "${reference}"`);
    }
    return new BaseImage(reference, undefined);
  }

  /** NVIDIA's PyTorch container `nvcr.io/nvidia/pytorch:<release>-py3`. */
  public static ngcPyTorch(release: string): BaseImage {
    if (!/^\d{2}\.(0[1-9]|1[0-2])$/.test(release)) {
      throw new Error(`ngc release must be YY.MM such as "24.05", got "${release}"`);
    }
    return new BaseImage(`nvcr.io/nvidia/pytorch:${release}-py3`, undefined);
  }

  /** NVIDIA's CUDA image `nvcr.io/nvidia/cuda:<cuda>-cudnn<N>-<flavour>-<os>`. */
  public static cuda(options: CudaImageOptions): BaseImage {
    if (!/^\d+\.\d+\.\d+$/.test(options.cuda)) {
      throw new Error(`cuda version must be major.minor.patch such as "11.8.0", got "${options.cuda}"`);
    }
    const os = options.os ?? 'ubuntu22.04';
    if (!/^(ubuntu|rockylinux|ubi|oraclelinux)\d+(\.\d+)?$/.test(os)) {
      throw new Error(`cuda image os must look like "ubuntu22.04", got "${os}"`);
    }
    const flavour = (options.flavour ?? CudaFlavour.RUNTIME) as string as CudaFlavourName;
    const cudnn = options.cudnn === 0 || flavour === 'base' ? undefined : options.cudnn ?? defaultCudnnMajor(options.cuda);
    return new BaseImage(`nvcr.io/nvidia/cuda:${cudaImageTag(options.cuda, cudnn, flavour, os)}`, undefined);
  }

  /** Another image of this project: its reference is derived and its build runs first. */
  public static fromImage(image: ContainerImage): BaseImage {
    return new BaseImage(undefined, image);
  }

  /** The image of this project this one is built from, if any. */
  public readonly image?: ContainerImage;
  private readonly ref?: string;

  private constructor(reference: string | undefined, image: ContainerImage | undefined) {
    this.ref = reference;
    this.image = image;
  }

  /** The image reference, as written in the Dockerfile's default `BASE_IMAGE`. */
  public get reference(): string {
    return this.image ? this.image.imageRef : this.ref!;
  }

  /**
   * The reference pulled through a registry mirror: the mirror replaces the registry host
   * (Docker Hub images get the mirror and, for official images, "library/").
   * Project images are local and never mirrored.
   */
  public mirroredReference(mirror?: string): string {
    if (!mirror || this.image) {
      return this.reference;
    }
    const parts = this.reference.split('/');
    const first = parts[0];
    const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
    const path = hasRegistry ? parts.slice(1) : parts.length === 1 ? ['library', ...parts] : parts;
    return `${mirror}/${path.join('/')}`;
  }
}
