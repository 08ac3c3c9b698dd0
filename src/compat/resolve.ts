/**
 * Lookups and checks over the tables of ./data.ts: an inference image's `nvidia/cuda` tag and its
 * onnxruntime-gpu build. Checks return problems instead of throwing, so that a caller reports every
 * problem at once; each message says what to change and names the nearest valid combination.
 * A conclusion that rests on an unverified cell is a warning, never an error.
 */
import { Confidence, fact, valueOf } from './confidence';
import { CUDA_TAGS, CudaTagRow, ONNXRUNTIME_GPU, ORT_FEEDS, OrtBuildRow, OrtRow, UBUNTU_PYTHON } from './data';
import { byNearest, compareVersions, major, majorMinor } from './versions';

/** One finding of a check. */
export interface Problem {
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/** An error, or a warning when the fact behind it is unverified. */
export function problem(confidence: Confidence, message: string): Problem {
  return { severity: confidence === Confidence.UNVERIFIED ? 'warning' : 'error', message };
}

/** A warning. */
export function warning(message: string): Problem {
  return { severity: 'warning', message };
}

/** The errors among problems. */
export function errorsOf(problems: readonly Problem[]): Problem[] {
  return problems.filter((p) => p.severity === 'error');
}

/** What an inference image asks for. */
export interface CudaImageRequest {
  /** major.minor.patch. */
  readonly cuda: string;
  /** "22.04". */
  readonly ubuntu: string;
  /** "runtime", "devel" or "base". */
  readonly flavour: string;
  /** cuDNN major; 0 for none; undefined for the one NVIDIA ships with that CUDA. */
  readonly cudnn?: number;
}

/** A resolved `nvidia/cuda` image. */
export interface CudaImage {
  /** The tag (best effort when there are errors). */
  readonly tag: string;
  readonly cudnnMajor: number;
  /** The cuDNN major NVIDIA ships with this CUDA. */
  readonly shippedCudnn: number;
  readonly cudnnVersion?: string;
  readonly python?: string;
  /** Confidence of the cuDNN version and the Python. */
  readonly cudnnConfidence: Confidence;
  readonly pythonConfidence: Confidence;
  readonly problems: Problem[];
}

const cudaOf = (row: CudaTagRow) => valueOf(row.cuda)!;
const isVerifiedRow = (row: CudaTagRow) => fact(row.cuda).confidence !== Confidence.UNVERIFIED;
/** The cuDNN major of a row's cuDNN images. */
export const cudnnMajorOf = (row: CudaTagRow) => (row.cudnnToken === 'cudnn8' ? 8 : 9);
const ubuntuCell = (row: CudaTagRow, ubuntu: string) => row.ubuntu.find((u) => valueOf(u) === ubuntu);
const hasCudnnOn = (row: CudaTagRow, ubuntu: string) => ubuntuCell(row, ubuntu) !== undefined && !(row.noCudnnOn ?? []).includes(ubuntu);

/** The nearest verified CUDA row that satisfies `ok`, preferring the same major. */
function nearestCuda(target: string, ok: (row: CudaTagRow) => boolean): string | undefined {
  const rows = CUDA_TAGS.filter((r) => isVerifiedRow(r) && ok(r));
  const sameMajor = rows.filter((r) => major(cudaOf(r)) === major(target));
  const best = byNearest(sameMajor.length > 0 ? sameMajor : rows, target, cudaOf)[0];
  return best ? cudaOf(best) : undefined;
}

/** The CUDA row of a version: the exact point release, or else the maintained one of its minor. */
export function cudaRow(cuda: string): { row?: CudaTagRow; exact: boolean } {
  const exact = CUDA_TAGS.find((r) => cudaOf(r) === cuda);
  if (exact) return { row: exact, exact: true };
  const family = CUDA_TAGS.filter((r) => majorMinor(cudaOf(r)) === majorMinor(cuda));
  return { row: family[family.length - 1], exact: false };
}

/** Resolves the `nvidia/cuda` tag of an inference image and checks that it exists. */
export function resolveCudaImage(req: CudaImageRequest): CudaImage {
  const problems: Problem[] = [];
  const os = `ubuntu${req.ubuntu}`;
  const { row, exact } = cudaRow(req.cuda);
  const python = UBUNTU_PYTHON[req.ubuntu];
  const pythonFact = python ? fact(python) : undefined;
  const base = { python: pythonFact?.value, pythonConfidence: pythonFact?.confidence ?? Confidence.UNVERIFIED };
  const wantCudnn = req.flavour === 'base' ? 0 : req.cudnn;
  if (!row) {
    const near = nearestCuda(req.cuda, (r) => ubuntuCell(r, req.ubuntu) !== undefined);
    problems.push(problem(Confidence.VERIFIED, `there are no nvidia/cuda images for CUDA ${req.cuda}; use cuda "${near}"`));
    const token = wantCudnn ? `cudnn${wantCudnn}-` : '';
    // outside the table: cuDNN 9 from CUDA 12.3 on, as in the table
    const cudnnMajor = wantCudnn ?? (compareVersions(req.cuda, '12.3') >= 0 ? 9 : 8);
    return { ...base, tag: `${req.cuda}-${token}${req.flavour}-${os}`, cudnnMajor, shippedCudnn: cudnnMajor, cudnnConfidence: Confidence.UNVERIFIED, problems };
  }
  const rowConfidence = fact(row.cuda).confidence;
  if (!exact) {
    problems.push(warning(`nvidia/cuda keeps only the newest point release of CUDA ${majorMinor(req.cuda)} (${cudaOf(row)}); `
      + `${req.cuda} tags are deleted six months after end of life and their cuDNN version is not in the table: use cuda "${cudaOf(row)}"`));
  } else if (rowConfidence === Confidence.UNVERIFIED) {
    problems.push(warning(`nvidia/cuda images of CUDA ${req.cuda} are not verified to exist; check the tag before relying on it`));
  }
  const shipped = cudnnMajorOf(row);
  const cudnnMajor = wantCudnn ?? shipped;
  const osCell = ubuntuCell(row, req.ubuntu);
  if (!osCell) {
    const onOs = (r: CudaTagRow) => (cudnnMajor ? hasCudnnOn(r, req.ubuntu) : !!ubuntuCell(r, req.ubuntu));
    const near = nearestCuda(req.cuda, (r) => onOs(r) && (!cudnnMajor || cudnnMajorOf(r) === cudnnMajor)) ?? nearestCuda(req.cuda, onOs);
    const nearRow = near ? cudaRow(near).row : undefined;
    const nearCudnn = nearRow && cudnnMajor && cudnnMajorOf(nearRow) !== cudnnMajor ? ` (cuDNN ${cudnnMajorOf(nearRow)})` : '';
    const oses = row.ubuntu.map((u) => `"ubuntu${valueOf(u)}"`).join(' or ');
    problems.push(problem(rowConfidence, `nvidia/cuda ${cudaOf(row)} has no ${os} images; use os ${oses}`
      + (near ? `, or cuda "${near}"${nearCudnn} on ${os}` : '')));
  } else if (fact(osCell).confidence === Confidence.UNVERIFIED) {
    problems.push(warning(`nvidia/cuda ${cudaOf(row)} images on ${os} are not verified to exist`));
  }
  if (req.flavour === 'base' && req.cudnn) {
    problems.push(problem(Confidence.VERIFIED, `the "base" flavour of nvidia/cuda has no cuDNN variant; use the runtime or devel flavour for cuDNN ${req.cudnn}`));
  } else if (cudnnMajor !== 0 && cudnnMajor !== shipped) {
    const near = nearestCuda(req.cuda, (r) => cudnnMajorOf(r) === cudnnMajor && hasCudnnOn(r, req.ubuntu));
    problems.push(problem(rowConfidence, `nvidia/cuda ${cudaOf(row)} images ship cuDNN ${shipped} only (tag token "${row.cudnnToken}"), `
      + `there is no cudnn${cudnnMajor} tag; use cudnn ${shipped}` + (near ? `, or cuda "${near}" for cuDNN ${cudnnMajor}` : '')));
  } else if (cudnnMajor !== 0 && osCell && (row.noCudnnOn ?? []).includes(req.ubuntu)) {
    const near = nearestCuda(req.cuda, (r) => cudnnMajorOf(r) === cudnnMajor && hasCudnnOn(r, req.ubuntu));
    const others = row.ubuntu.map((u) => valueOf(u)!).filter((u) => hasCudnnOn(row, u)).map((u) => `"ubuntu${u}"`).join(' or ');
    problems.push(problem(rowConfidence, `nvidia/cuda ${cudaOf(row)} has no cuDNN images on ${os}; use cuda "${near}" on ${os}, or os ${others}`));
  }
  const token = cudnnMajor === 0 ? '' : `${cudnnMajor === shipped ? row.cudnnToken : `cudnn${cudnnMajor}`}-`;
  const version = exact && cudnnMajor === shipped && row.cudnn ? fact(row.cudnn) : undefined;
  return {
    ...base,
    tag: `${req.cuda}-${token}${req.flavour}-${os}`,
    cudnnMajor,
    shippedCudnn: shipped,
    cudnnVersion: version?.value,
    cudnnConfidence: version?.confidence ?? Confidence.UNVERIFIED,
    problems,
  };
}

/** The onnxruntime-gpu row of a version ("latest": the newest in the table). */
export function ortRow(version: string): OrtRow | undefined {
  if (version === 'latest') return ONNXRUNTIME_GPU[ONNXRUNTIME_GPU.length - 1];
  return ONNXRUNTIME_GPU.find((r) => r.version === version) ?? ONNXRUNTIME_GPU.find((r) => r.version === majorMinor(version));
}

/** Where a build is published, in words. */
export function describeBuild(build: OrtBuildRow): string {
  const where = build.index === 'pypi' ? 'PyPI' : `the ${build.index} feed`;
  return `CUDA ${valueOf(build.cuda)} + cuDNN ${build.cudnn}, from ${where}`;
}

/** A resolved onnxruntime-gpu install. */
export interface OrtResolution {
  /** How the version is named in messages: "1.18.1" or "latest (1.28.x in the table)". */
  readonly label: string;
  /** The version in short: "1.18.1" or "1.28.x". */
  readonly short: string;
  /** The version in the requirement: "1.18.1", or "1.28.*" for latest. */
  readonly pin: string;
  readonly build?: OrtBuildRow;
  /** The feed URL when the build is not on PyPI. */
  readonly indexUrl?: string;
  readonly problems: Problem[];
}

/** What an onnxruntime-gpu install runs on. */
export interface OrtRequest {
  /** x.y.z or "latest". */
  readonly version: string;
  /** The image's CUDA, major.minor.patch. */
  readonly cuda: string;
  readonly cudnnMajor: number;
  /** The image's Python, major.minor. */
  readonly python?: string;
  /** Only the PyPI build counts (a plain requirement in a pip layer). */
  readonly pypiOnly?: boolean;
}

/** Picks the onnxruntime-gpu build for an image and checks CUDA major, cuDNN major and Python. */
export function resolveOrt(req: OrtRequest): OrtResolution {
  const row = ortRow(req.version);
  const first = ONNXRUNTIME_GPU[0].version;
  const last = ONNXRUNTIME_GPU[ONNXRUNTIME_GPU.length - 1].version;
  if (!row) {
    const older = compareVersions(req.version, first) < 0;
    return {
      label: req.version,
      short: req.version,
      pin: req.version,
      problems: [older
        ? problem(Confidence.VERIFIED, `onnxruntime-gpu ${req.version} is older than the compatibility table (${first} to ${last}); use ${ONNXRUNTIME_GPU[0].newest} or newer`)
        : warning(`onnxruntime-gpu ${req.version} is newer than the compatibility table (${first} to ${last}); its CUDA and cuDNN are not checked`)],
    };
  }
  const latest = req.version === 'latest';
  const label = latest ? `latest (${row.version}.x, the newest in the compatibility table)` : req.version;
  const short = latest ? `${row.version}.x` : req.version;
  const pin = latest ? `${row.version}.*` : req.version;
  const problems: Problem[] = [];
  const imageMajor = major(req.cuda);
  const sameCuda = row.builds.filter((b) => major(valueOf(b.cuda)!) === imageMajor && (!req.pypiOnly || b.index === 'pypi'));
  const build = sameCuda.find((b) => b.cudnn === req.cudnnMajor);
  const all = row.builds.map(describeBuild).join('; ');
  if (!build) {
    const allUnverified = row.builds.every((b) => fact(b.cuda).confidence === Confidence.UNVERIFIED);
    if (sameCuda.length === 0) {
      const where = req.pypiOnly ? ' on PyPI' : '';
      problems.push(problem(allUnverified ? Confidence.UNVERIFIED : Confidence.VERIFIED,
        `onnxruntime-gpu ${label} has no build for CUDA ${imageMajor}${where} (the image has CUDA ${req.cuda}); it is built for ${all}`));
    } else {
      problems.push(problem(fact(sameCuda[0].cuda).confidence,
        `onnxruntime-gpu ${label} for CUDA ${imageMajor} is built with cuDNN ${sameCuda[0].cudnn}, but the image has cuDNN ${req.cudnnMajor} `
        + '(ONNX Runtime built with cuDNN 8 does not load cuDNN 9, and vice versa)'));
    }
  } else if (fact(build.cuda).confidence === Confidence.UNVERIFIED) {
    problems.push(warning(`onnxruntime-gpu ${label} having a build for ${describeBuild(build)} is not verified`));
  }
  if (req.python) {
    const none = (row.noPython ?? []).find((p) => valueOf(p) === req.python);
    if (none) {
      problems.push(problem(fact(none).confidence, `onnxruntime-gpu ${label} publishes no wheel for Python ${req.python} (the image's Python)`));
    } else if (!row.python.some((p) => valueOf(p) === req.python)) {
      problems.push(warning(`there is no record of onnxruntime-gpu ${label} wheels for Python ${req.python} (the image's Python)`));
    }
  }
  const indexUrl = build && build.index !== 'pypi' ? ORT_FEEDS[build.index] : undefined;
  return { label, short, pin, build, indexUrl, problems };
}

/** Everything an InferImage resolves from its props. */
export interface InferRequest extends CudaImageRequest {
  readonly onnxruntime: string;
}

/** The image and onnxruntime-gpu of an InferImage. */
export interface InferResolution {
  readonly image: CudaImage;
  readonly ort: OrtResolution;
  /** Image problems, then onnxruntime problems (with the nearest valid combinations). */
  readonly problems: Problem[];
}

/** Resolves and checks an inference image; errors about onnxruntime name the nearest valid combinations. */
export function resolveInfer(req: InferRequest, suggest = true): InferResolution {
  const image = resolveCudaImage(req);
  const imageOk = errorsOf(image.problems).length === 0;
  const ortOn = (cudnnMajor: number) => resolveOrt({ version: req.onnxruntime, cuda: req.cuda, cudnnMajor, python: image.python });
  let ort = ortOn(image.cudnnMajor);
  // an image that cannot exist is reported above; onnxruntime is wrong too only if it fits neither
  // the cuDNN asked for nor the one NVIDIA ships with this CUDA
  if (!imageOk && errorsOf(ort.problems).length > 0) ort = ortOn(image.shippedCudnn);
  let ortProblems = ort.problems;
  if (suggest && imageOk && errorsOf(ort.problems).length > 0) {
    const hint = nearestInfer(req, ort.short);
    if (hint) ortProblems = ort.problems.map((p) => (p.severity === 'error' ? { ...p, message: `${p.message}; ${hint}` } : p));
  }
  return { image, ort, problems: [...image.problems, ...ortProblems] };
}

/** The best of candidate combinations: no problems at all, else no errors. */
function firstValid(candidates: InferRequest[]): InferRequest | undefined {
  const results = candidates.map((c) => ({ c, p: resolveInfer(c, false).problems }));
  return (results.find((r) => r.p.length === 0) ?? results.find((r) => errorsOf(r.p).length === 0))?.c;
}

function nearestInfer(req: InferRequest, label: string): string | undefined {
  const target = req.onnxruntime === 'latest' ? ONNXRUNTIME_GPU[ONNXRUNTIME_GPU.length - 1].newest : req.onnxruntime;
  const ortRows = byNearest(ONNXRUNTIME_GPU.filter((r) => r !== ortRow(req.onnxruntime)), target, (r) => valueOf(r.newest)!);
  const otherOrt = firstValid(ortRows.map((r) => ({ ...req, onnxruntime: valueOf(r.newest)! })));
  const oses = [req.ubuntu, ...Object.keys(UBUNTU_PYTHON).filter((u) => u !== req.ubuntu)];
  const rows = byNearest(CUDA_TAGS.filter(isVerifiedRow), req.cuda, cudaOf)
    .sort((a, b) => Number(major(cudaOf(b)) === major(req.cuda)) - Number(major(cudaOf(a)) === major(req.cuda)));
  const otherImage = firstValid(oses.flatMap((u) => rows.map((r) => ({ ...req, cuda: cudaOf(r), ubuntu: u, cudnn: undefined }))));
  const hints: string[] = [];
  if (otherOrt) {
    const build = resolveInfer(otherOrt, false).ort.build;
    hints.push(`onnxruntime "${otherOrt.onnxruntime}" on this image${build ? ` (${describeBuild(build)})` : ''}`);
  }
  if (otherImage) {
    const r = resolveInfer(otherImage, false);
    const os = otherImage.ubuntu === req.ubuntu ? '' : ` with os "ubuntu${otherImage.ubuntu}"`;
    hints.push(`cuda "${otherImage.cuda}"${os} (cuDNN ${r.image.cudnnMajor}) for onnxruntime ${label}${r.ort.build ? ` (${describeBuild(r.ort.build)})` : ''}`);
  }
  return hints.length > 0 ? `nearest valid: ${hints.join(', or ')}` : undefined;
}
