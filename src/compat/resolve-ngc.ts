/**
 * Lookups and checks for the training side and for PyTorch wheels: NGC PyTorch releases, the
 * torch wheel index of a CUDA, and the pip requirements that would undo what an image pins.
 */
import { Confidence, fact, valueOf } from './confidence';
import { NGC_PIP_CONSTRAINTS_SINCE, NGC_PYTORCH, ONNXRUNTIME_GPU, NgcPyTorchRow, TORCH_INDEX_BASE, TORCH_WHEELS, TorchIndexRow } from './data';
import { Problem, problem, resolveOrt, warning } from './resolve';
import { byNearest, compareVersions, major, majorMinor, parseRequirement } from './versions';

const released = NGC_PYTORCH.filter((r) => r.released !== false);

/** The NGC row of a release, with problems when it was skipped or is not in the table. */
export function resolveNgc(release: string): { row?: NgcPyTorchRow; problems: Problem[] } {
  const row = NGC_PYTORCH.find((r) => r.release === release);
  const [first, last] = [released[0].release, released[released.length - 1].release];
  const near = () => byNearest(released, release, (r) => r.release).slice(0, 2).map((r) => `"${r.release}"`).sort().join(' or ');
  if (row && row.released === false) {
    return { problems: [problem(Confidence.VERIFIED, `there is no NGC PyTorch ${release}: NVIDIA skipped that month (no nvcr.io/nvidia/pytorch:${release}-py3 tag); use ngcRelease ${near()}`)] };
  }
  if (!row) {
    return { problems: [warning(`the compatibility table has no NGC PyTorch ${release} (it covers ${first} to ${last}); its versions are unknown and not checked`)] };
  }
  return { row, problems: [] };
}

/** Whether pip constraints are active in this NGC release. */
export function ngcHasPipConstraints(release: string): boolean {
  return compareVersions(release, NGC_PIP_CONSTRAINTS_SINCE) >= 0;
}

/** NGC releases whose PyTorch is `torch` (major.minor), nearest to `release` first. */
function ngcWithTorch(torch: string, release: string): NgcPyTorchRow[] {
  const rows = released.filter((r) => r.pytorch && majorMinor(valueOf(r.pytorch)!) === torch);
  return byNearest(rows, release, (r) => r.release);
}

/**
 * Checks a training image's pip requirements against its NGC release: a torch pin other than
 * NVIDIA's build, an onnxruntime-gpu whose PyPI build does not fit the image's CUDA/cuDNN, and,
 * from 25.03, version specifiers that NVIDIA's constraints file may refuse.
 */
export function checkNgcPipPackages(
  release: string, row: NgcPyTorchRow | undefined, packages: readonly string[], constraintsKept: boolean,
): Problem[] {
  const problems: Problem[] = [];
  const torch = row?.pytorch ? fact(row.pytorch) : undefined;
  for (const requirement of packages) {
    const req = parseRequirement(requirement);
    if (req.name === 'torch' && req.specifier && torch) {
      const wanted = req.exact ? majorMinor(req.exact.replace(/\.\*$/, '')) : undefined;
      if (wanted && wanted !== majorMinor(torch.value)) {
        const other = ngcWithTorch(wanted, release)[0];
        problems.push(problem(torch.confidence, `"${requirement}" would replace NVIDIA's torch ${torch.value} of NGC ${release} with a PyPI wheel `
          + 'built for another CUDA; drop the version, or use ' + (other ? `ngcRelease "${other.release}" (torch ${valueOf(other.pytorch)})` : 'an NGC release that ships it')));
      } else if (!wanted) {
        problems.push(warning(`"${requirement}" may replace NVIDIA's torch ${torch.value} of NGC ${release} with a PyPI wheel built for another CUDA; drop the version`));
      }
    }
    if (req.name === 'onnxruntime-gpu' && row?.cuda && row.cudnn) {
      const version = req.exact && !req.exact.endsWith('*') ? req.exact : 'latest';
      const [cuda, cudnnMajor, python] = [valueOf(row.cuda)!, major(valueOf(row.cudnn)!), valueOf(row.python)];
      const ort = resolveOrt({ version, cuda, cudnnMajor, python, pypiOnly: true });
      const unverified = [row.cuda, row.cudnn].some((c) => fact(c).confidence === Confidence.UNVERIFIED);
      const fit = ort.problems.some((p) => p.severity === 'error') ? nearestPypiOrt(version, cuda, cudnnMajor, python) : undefined;
      for (const p of ort.problems) {
        const severity = unverified ? 'warning' : p.severity;
        const hint = fit && p.severity === 'error' ? `; pin "onnxruntime-gpu==${fit}" (on PyPI for this CUDA and cuDNN)` : '';
        problems.push({ severity, message: `"${requirement}" on NGC ${release} (CUDA ${valueOf(row.cuda)}, cuDNN ${valueOf(row.cudnn)}): ${p.message}${hint}` });
      }
    }
  }
  const pinned = packages.filter((p) => parseRequirement(p).specifier !== '');
  if (constraintsKept && ngcHasPipConstraints(release) && pinned.length > 0) {
    problems.push(warning(`${pinned.map((p) => `"${p}"`).join(', ')} may conflict with /etc/pip/constraint.txt, which pins the preinstalled Python packages `
      + `of NGC ${release}: pip stops with ResolutionImpossible when a requirement names one of them at another version; drop the version, or set pipConstraints: false`));
  }
  return problems;
}

/** The onnxruntime-gpu version nearest to `version` whose PyPI wheel runs on this CUDA, cuDNN and Python without problems. */
function nearestPypiOrt(version: string, cuda: string, cudnnMajor: number, python: string | undefined): string | undefined {
  const target = version === 'latest' ? ONNXRUNTIME_GPU[ONNXRUNTIME_GPU.length - 1].newest : version;
  const rows = byNearest(ONNXRUNTIME_GPU, target, (r) => valueOf(r.newest)!);
  const fit = rows.find((r) => resolveOrt({ version: valueOf(r.newest)!, cuda, cudnnMajor, python, pypiOnly: true }).problems.length === 0);
  return fit ? valueOf(fit.newest) : undefined;
}

/** A resolved torch wheel index. */
export interface TorchResolution {
  readonly index?: TorchIndexRow;
  readonly indexUrl?: string;
  readonly problems: Problem[];
}

/** What a torch install runs on. */
export interface TorchRequest {
  /** x.y or x.y.z. */
  readonly torch: string;
  /** CUDA of the wheel index, major.minor ("12.1"); undefined: the newest one the image can run. */
  readonly torchCuda?: string;
  /** The image's CUDA, major.minor.patch. */
  readonly cuda: string;
  readonly cudnnMajor: number;
  readonly python?: string;
}

/** Picks the torch wheel index for an image and checks its CUDA major, cuDNN major and Python. */
export function resolveTorch(req: TorchRequest): TorchResolution {
  const row = TORCH_WHEELS.find((r) => r.torch === majorMinor(req.torch));
  const [first, last] = [TORCH_WHEELS[0].torch, TORCH_WHEELS[TORCH_WHEELS.length - 1].torch];
  if (!row) {
    return compareVersions(req.torch, first) < 0
      ? { problems: [problem(Confidence.VERIFIED, `torch ${req.torch} is older than the compatibility table (${first} to ${last}); use torch ${first} or newer`)] }
      : { problems: [warning(`torch ${req.torch} is newer than the compatibility table (${first} to ${last}); its wheel index is not checked`)] };
  }
  const confidence = row.mark === '?' ? Confidence.UNVERIFIED : Confidence.VERIFIED;
  const tags = row.indexes.map((i) => i.tag).join(', ');
  const imageMajor = major(req.cuda);
  const problems: Problem[] = [];
  let index: TorchIndexRow | undefined;
  if (req.torchCuda) {
    index = row.indexes.find((i) => i.cuda === req.torchCuda);
    if (!index) problems.push(problem(confidence, `torch ${row.torch} has no wheels for CUDA ${req.torchCuda} (its indexes: ${tags})`));
  } else {
    const fits = row.indexes.filter((i) => major(i.cuda) === imageMajor);
    index = [...fits].reverse().find((i) => compareVersions(i.cuda, req.cuda) <= 0) ?? fits[0];
    if (!index) {
      const other = byNearest(TORCH_WHEELS.filter((r) => r.indexes.some((i) => major(i.cuda) === imageMajor)), row.torch, (r) => r.torch)[0];
      problems.push(problem(confidence, `torch ${row.torch} has no wheels for CUDA ${imageMajor} (its indexes: ${tags}; the image has CUDA ${req.cuda}); `
        + (other ? `use torch "${other.torch}" or ` : '') + `a base image with CUDA ${major(row.indexes[row.indexes.length - 1].cuda)}`));
    }
  }
  if (index && major(index.cuda) !== imageMajor) {
    const fit = row.indexes.filter((i) => major(i.cuda) === imageMajor).pop();
    problems.push(problem(confidence, `torch ${row.torch} ${index.tag} wheels are built for CUDA ${index.cuda}, but the image has CUDA ${req.cuda}; `
      + (fit ? `use torchCuda "${fit.cuda}"` : `use a base image with CUDA ${major(index.cuda)}`)));
  }
  if (index && req.cudnnMajor !== 0 && index.cudnn !== req.cudnnMajor) {
    const fitting = TORCH_WHEELS.filter((r) => r.indexes.some((i) => i.cudnn === req.cudnnMajor && major(i.cuda) === imageMajor));
    const other = byNearest(fitting, row.torch, (r) => r.torch)[0];
    problems.push(problem(confidence, `torch ${row.torch} ${index.tag} wheels use cuDNN ${index.cudnn}, but the image (and its onnxruntime) use cuDNN ${req.cudnnMajor}; `
      + (other ? `use torch "${other.torch}"` : 'use another torch')));
  }
  if (req.python && !row.python.includes(req.python)) {
    problems.push(problem(confidence, `torch ${row.torch} has no wheels for Python ${req.python} (the image's Python; it has ${row.python[0]} to ${row.python[row.python.length - 1]})`));
  }
  return { index, indexUrl: index ? `${TORCH_INDEX_BASE}${index.tag}` : undefined, problems };
}
