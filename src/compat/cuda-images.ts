/**
 * How `nvcr.io/nvidia/cuda` tags are spelled, read from the tag table in ./data.ts (§C.1 of
 * ../shared/reference/compat-facts.md): the cuDNN token is `cudnn8` up to CUDA 12.2, `cudnn9` on
 * 12.3, and plain `cudnn` from 12.4 on. These helpers throw; the checks that collect problems
 * instead (tag existence per Ubuntu, nearest valid tag) are in ./resolve.ts.
 */
import { cudaRow, cudnnMajorOf } from './resolve';
import { compareVersions } from './versions';

/** Flavours of the CUDA images. */
export type CudaFlavourName = 'base' | 'runtime' | 'devel';

/** The cuDNN major a CUDA version's images ship. */
export function defaultCudnnMajor(cuda: string): number {
  const { row } = cudaRow(cuda);
  if (row) return cudnnMajorOf(row);
  // outside the table: the same rule as the table (cuDNN 9 from CUDA 12.3)
  return compareVersions(cuda, '12.3') >= 0 ? 9 : 8;
}

/** The cuDNN token of a tag for a CUDA version and cuDNN major; throws when no such tag exists. */
export function cudnnToken(cuda: string, cudnnMajor: number): string {
  const shipped = defaultCudnnMajor(cuda);
  if (cudnnMajor !== shipped) {
    throw new Error(shipped === 8
      ? `cuda ${cuda} images ship cudnn 8 only (tag token "cudnn8"), got cudnn ${cudnnMajor}; use cuda 12.3.2 or newer for cudnn 9`
      : `cuda ${cuda} images ship cudnn 9 only, got cudnn ${cudnnMajor}; use cuda 12.2 or older for cudnn 8`);
  }
  const { row } = cudaRow(cuda);
  if (row) return row.cudnnToken;
  if (shipped === 8) return 'cudnn8';
  return compareVersions(cuda, '12.4') >= 0 ? 'cudnn' : 'cudnn9';
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
