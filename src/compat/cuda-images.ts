/**
 * How `nvcr.io/nvidia/cuda` tags are spelled.
 * Source: NVIDIA container-images/cuda `doc/supported-tags.md` (see ../shared/reference/compat-facts.md §C.1):
 * the cuDNN token is `cudnn8` up to CUDA 12.2, `cudnn9` on 12.3, and plain `cudnn` from 12.4 on.
 */

/** Flavours of the CUDA images. */
export type CudaFlavourName = 'base' | 'runtime' | 'devel';

/** The cuDNN token of a tag for a CUDA version and cuDNN major, or an error text. */
export function cudnnToken(cuda: string, cudnnMajor: number): string {
  const [major, minor] = cuda.split('.').map(Number);
  const atLeast = (ma: number, mi: number) => major > ma || (major === ma && minor >= mi);
  if (!atLeast(12, 3)) {
    if (cudnnMajor !== 8) {
      throw new Error(`cuda ${cuda} images ship cudnn 8 only (tag token "cudnn8"), got cudnn ${cudnnMajor}`);
    }
    return 'cudnn8';
  }
  if (cudnnMajor !== 9) {
    throw new Error(`cuda ${cuda} images ship cudnn 9 only, got cudnn ${cudnnMajor}; use cuda 12.2 or older for cudnn 8`);
  }
  return atLeast(12, 4) ? 'cudnn' : 'cudnn9';
}

/** The cuDNN major a CUDA version's images ship. */
export function defaultCudnnMajor(cuda: string): number {
  const [major, minor] = cuda.split('.').map(Number);
  return major > 12 || (major === 12 && minor >= 3) ? 9 : 8;
}

/** The tag `<cuda>-[<cudnn token>-]<flavour>-<os>`. */
export function cudaImageTag(cuda: string, cudnnMajor: number | undefined, flavour: CudaFlavourName, os: string): string {
  if (flavour === 'base') {
    if (cudnnMajor !== undefined) {
      throw new Error(`the "base" flavour has no cudnn variant; use "runtime" or "devel" for cudnn ${cudnnMajor}`);
    }
    return `${cuda}-base-${os}`;
  }
  const token = cudnnMajor === undefined ? undefined : cudnnToken(cuda, cudnnMajor);
  return [cuda, token, flavour, os].filter((p) => p !== undefined).join('-');
}
