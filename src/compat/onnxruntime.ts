/**
 * Which CUDA/cuDNN each onnxruntime-gpu build needs and where each build is published, read from
 * the table in ./data.ts (§A of ../shared/reference/compat-facts.md). These helpers throw; the
 * checks that collect problems and suggest the nearest valid combination are in ./resolve.ts.
 */
import { valueOf } from './confidence';
import { ONNXRUNTIME_GPU, ORT_FEEDS as FEEDS_BY_NAME } from './data';
import { errorsOf, ortRow, resolveOrt } from './resolve';
import { major } from './versions';

/** Package feeds of the non-default ONNX Runtime GPU builds, by CUDA major. */
export const ORT_FEEDS: { [cudaMajor: number]: string } = {
  11: FEEDS_BY_NAME['onnxruntime-cuda-11'],
  12: FEEDS_BY_NAME['onnxruntime-cuda-12'],
  13: FEEDS_BY_NAME['onnxruntime-cuda-13'],
};

/** One published build of onnxruntime-gpu. */
export interface OrtBuild {
  readonly cudaMajor: number;
  readonly cudnnMajor: number;
  /** undefined: the default wheel on the public index; otherwise the feed URL. */
  readonly feed?: string;
}

/** The published builds of an onnxruntime-gpu version (empty when the version is unknown). */
export function ortBuilds(version: string): OrtBuild[] {
  const row = ortRow(version);
  if (!row) return [];
  return row.builds.map((b) => ({
    cudaMajor: major(valueOf(b.cuda)!),
    cudnnMajor: b.cudnn,
    ...(b.index === 'pypi' ? {} : { feed: FEEDS_BY_NAME[b.index] }),
  }));
}

/**
 * The build of `version` that runs on an image with the given CUDA and cuDNN majors.
 * Throws a message that says what to change when none does.
 */
export function resolveOrtBuild(version: string, cudaMajor: number, cudnnMajor: number): OrtBuild {
  const resolved = resolveOrt({ version, cuda: `${cudaMajor}.0.0`, cudnnMajor });
  const errors = errorsOf(resolved.problems);
  if (errors.length > 0 || !resolved.build) {
    const fits = suggestOrtVersion(cudaMajor, cudnnMajor);
    const message = errors.length > 0 ? errors.map((e) => e.message).join('; ') : `onnxruntime-gpu ${version} is not in the compatibility table`;
    throw new Error(fits ? `${message}; use onnxruntime ${fits} on this image` : message);
  }
  const b = resolved.build;
  return { cudaMajor: major(valueOf(b.cuda)!), cudnnMajor: b.cudnn, ...(resolved.indexUrl ? { feed: resolved.indexUrl } : {}) };
}

/** The newest version that has a build for these majors, as "1.x.y". */
export function suggestOrtVersion(cudaMajor: number, cudnnMajor: number): string | undefined {
  const row = [...ONNXRUNTIME_GPU].reverse().find((r) => r.builds.some((b) => major(valueOf(b.cuda)!) === cudaMajor && b.cudnn === cudnnMajor));
  return row ? valueOf(row.newest) : undefined;
}
