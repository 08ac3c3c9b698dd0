/**
 * Which CUDA/cuDNN each onnxruntime-gpu build needs and where each build is published.
 * Source: ONNX Runtime CUDA Execution Provider requirements page and release notes, as
 * collected in ../shared/reference/compat-facts.md §A.2 (CUDA 11.x and 12.x tables).
 */

/** Package feeds of the non-default ONNX Runtime GPU builds (from the ONNX Runtime maintainers). */
export const ORT_FEEDS: { [cudaMajor: number]: string } = {
  11: 'https://aiinfra.pkgs.visualstudio.com/PublicPackages/_packaging/onnxruntime-cuda-11/pypi/simple/',
  12: 'https://aiinfra.pkgs.visualstudio.com/PublicPackages/_packaging/onnxruntime-cuda-12/pypi/simple/',
  13: 'https://aiinfra.pkgs.visualstudio.com/PublicPackages/_packaging/onnxruntime-cuda-13/pypi/simple/',
};

/** One published build of onnxruntime-gpu. */
export interface OrtBuild {
  readonly cudaMajor: number;
  readonly cudnnMajor: number;
  /** undefined: the default wheel on the public index; otherwise the feed URL. */
  readonly feed?: string;
}

interface OrtRow {
  /** Inclusive [from, to] minor range of 1.x. */
  readonly minors: [number, number];
  /** Only for these patch versions (undefined: all). */
  readonly patches?: number[];
  readonly builds: OrtBuild[];
}

const ROWS: OrtRow[] = [
  { minors: [14, 16], builds: [{ cudaMajor: 11, cudnnMajor: 8 }] },
  { minors: [17, 17], builds: [{ cudaMajor: 11, cudnnMajor: 8 }, { cudaMajor: 12, cudnnMajor: 8, feed: ORT_FEEDS[12] }] },
  { minors: [18, 18], patches: [0], builds: [{ cudaMajor: 11, cudnnMajor: 8 }, { cudaMajor: 12, cudnnMajor: 8, feed: ORT_FEEDS[12] }] },
  { minors: [18, 18], patches: [1], builds: [{ cudaMajor: 11, cudnnMajor: 8 }, { cudaMajor: 12, cudnnMajor: 9, feed: ORT_FEEDS[12] }] },
  { minors: [19, 21], builds: [{ cudaMajor: 12, cudnnMajor: 9 }, { cudaMajor: 11, cudnnMajor: 8, feed: ORT_FEEDS[11] }] },
  { minors: [22, 23], builds: [{ cudaMajor: 12, cudnnMajor: 9 }] },
  { minors: [24, 26], builds: [{ cudaMajor: 12, cudnnMajor: 9 }, { cudaMajor: 13, cudnnMajor: 9, feed: ORT_FEEDS[13] }] },
  { minors: [27, 28], builds: [{ cudaMajor: 13, cudnnMajor: 9 }] },
];

/** The published builds of an onnxruntime-gpu version (empty when the version is unknown). */
export function ortBuilds(version: string): OrtBuild[] {
  const [major, minor, patch] = version.split('.').map(Number);
  if (major !== 1) return [];
  const row = ROWS.find((r) => minor >= r.minors[0] && minor <= r.minors[1] && (!r.patches || r.patches.includes(patch)));
  return row ? row.builds : [];
}

/**
 * The build of `version` that runs on an image with the given CUDA and cuDNN majors.
 * Throws a message that says what to change when none does.
 */
export function resolveOrtBuild(version: string, cudaMajor: number, cudnnMajor: number): OrtBuild {
  const builds = ortBuilds(version);
  if (builds.length === 0) {
    throw new Error(`onnxruntime-gpu ${version} is not in the compatibility table; use a version from 1.14.0 to 1.28.x`);
  }
  const match = builds.find((b) => b.cudaMajor === cudaMajor && b.cudnnMajor === cudnnMajor);
  if (match) return match;
  const offered = builds.map((b) => `cuda ${b.cudaMajor} + cudnn ${b.cudnnMajor}`).join(' or ');
  const fits = suggestOrtVersion(cudaMajor, cudnnMajor);
  throw new Error(
    `onnxruntime-gpu ${version} is built for ${offered}, not for this image's cuda ${cudaMajor} + cudnn ${cudnnMajor}` +
    (fits ? `; use onnxruntime ${fits} on this image, or a base image with ${offered}` : `; use a base image with ${offered}`),
  );
}

/** The newest version that has a build for these majors, as "1.x.y". */
export function suggestOrtVersion(cudaMajor: number, cudnnMajor: number): string | undefined {
  for (const row of [...ROWS].reverse()) {
    if (row.builds.some((b) => b.cudaMajor === cudaMajor && b.cudnnMajor === cudnnMajor)) {
      const patch = row.patches ? row.patches[row.patches.length - 1] : 0;
      return `1.${row.minors[1]}.${patch}`;
    }
  }
  return undefined;
}
