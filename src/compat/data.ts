/**
 * The version tables every compatibility check reads. Data only: refreshing a table means editing
 * the rows below, never the code that reads them (src/compat/resolve.ts).
 *
 * Shape of a cell: a string holding the value, then an optional confidence mark:
 *   - no mark: stated by the cited source (✅),
 *   - a trailing "~": indirect, from a sibling artefact of the same release or a vendor thread (⚠️),
 *   - a trailing "?": not verified (❓). An unverified cell never makes a hard error, only a warning.
 * A missing cell means unknown. Every table names its sources; the facts and their marks are
 * collected in ../shared/reference/compat-facts.md (sections in brackets below).
 */

/** A value with an optional confidence mark ("~" indirect, "?" unverified). */
export type Cell = string;

/** One release of NVIDIA's PyTorch container `nvcr.io/nvidia/pytorch:<release>-py3`. */
export interface NgcPyTorchRow {
  /** YY.MM. */
  readonly release: string;
  /** false for a month NVIDIA skipped (the tag does not exist). */
  readonly released?: boolean;
  /** NVIDIA's PyTorch build, such as "2.4.0a0+07cecf4168". */
  readonly pytorch?: Cell;
  /** CUDA toolkit, major.minor.patch (the build suffix dropped). */
  readonly cuda?: Cell;
  /** cuDNN, full version. */
  readonly cudnn?: Cell;
  readonly tensorrt?: Cell;
  readonly nccl?: Cell;
  /** Ubuntu release, such as "22.04". */
  readonly ubuntu?: Cell;
  /** System Python, major.minor. */
  readonly python?: Cell;
  /** Minimum NVIDIA driver branch, such as "545". */
  readonly driver?: Cell;
}

/**
 * NGC PyTorch releases [B]. Sources: NVIDIA "PyTorch for Jetson Platform" compatibility table (PyTorch
 * column), triton-inference-server compatibility.md, NVIDIA/TensorRT-LLM install_tensorrt.sh revisions
 * aligned to rel-YY-MM pages, NGC MXNet/PaddlePaddle/DGL/CUDA-DL release notes of the same month.
 * 22.12 comes from the seed's own note (docker/pytorch-release-2212.md, DocsaidKit b43ff34).
 */
export const NGC_PYTORCH: readonly NgcPyTorchRow[] = [
  { release: '22.12', pytorch: '1.14.0a0+410ce96?', cuda: '11.8.0~', cudnn: '8.7.0.84~', ubuntu: '20.04~', python: '3.8~', driver: '520?' },
  { release: '23.01', pytorch: '1.14.0a0+44dac51?', cuda: '12.0.1?', cudnn: '8.7.0?', tensorrt: '8.5.2?', nccl: '2.16.5?', ubuntu: '20.04?', python: '3.8?', driver: '525?' },
  { release: '23.02', pytorch: '1.14.0a0+44dac51?', cuda: '12.0.1?', cudnn: '8.7.0?', tensorrt: '8.5.3?', nccl: '2.16.5?', ubuntu: '20.04?', python: '3.8?', driver: '525?' },
  { release: '23.03', pytorch: '2.0.0a0+1767026?', cuda: '12.1.0?', cudnn: '8.8.1?', tensorrt: '8.5.3?', nccl: '2.17.1?', ubuntu: '20.04?', python: '3.8?', driver: '530?' },
  { release: '23.04', pytorch: '2.1.0a0+fe05266?', cuda: '12.1.0~', cudnn: '8.9.0~', tensorrt: '8.6.1?', nccl: '2.17.1~', ubuntu: '20.04~', python: '3.8~', driver: '530~' },
  { release: '23.05', pytorch: '2.0.0?', cuda: '12.1.1?', cudnn: '8.9.1?', tensorrt: '8.6.1?', nccl: '2.18.1?', ubuntu: '20.04?', python: '3.8?', driver: '530?' },
  { release: '23.06', pytorch: '2.1.0a0+4136153?', cuda: '12.1.1?', cudnn: '8.9.2?', tensorrt: '8.6.1.6?', nccl: '2.18.1?', ubuntu: '20.04?', python: '3.8?', driver: '530?' },
  { release: '23.07', pytorch: '2.1.0a0+b5021ba?', cuda: '12.1.1~', cudnn: '8.9.3~', tensorrt: '8.6.1.6~', nccl: '2.18.3~', ubuntu: '20.04~', python: '3.8~', driver: '530~' },
  { release: '23.08', pytorch: '2.1.0a0+29c30b1?', cuda: '12.2.1~', cudnn: '8.9.4~', tensorrt: '8.6.1.6~', nccl: '2.18.3~', ubuntu: '22.04~', python: '3.10~', driver: '535?' },
  { release: '23.09', pytorch: '2.1.0a0+32f93b1?', cuda: '12.2.1?', cudnn: '8.9.5?', tensorrt: '8.6.1.6?', nccl: '2.18.5?', ubuntu: '22.04?', python: '3.10?', driver: '535?' },
  { release: '23.10', pytorch: '2.1.0a0+32f93b1?', cuda: '12.2.2?', cudnn: '8.9.5?', tensorrt: '8.6.1.6?', nccl: '2.19.3?', ubuntu: '22.04?', python: '3.10?', driver: '535?' },
  { release: '23.11', pytorch: '2.2.0a0+6a974be', cuda: '12.3.0?', cudnn: '8.9.6?', tensorrt: '8.6.1.6?', nccl: '2.19.3?', ubuntu: '22.04?', python: '3.10?', driver: '545?' },
  { release: '23.12', pytorch: '2.2.0a0+81ea7a4', cuda: '12.3.2?', cudnn: '8.9.7.29?', tensorrt: '8.6.1.6?', nccl: '2.19.3?', ubuntu: '22.04?', python: '3.10?', driver: '545?' },
  { release: '24.01', pytorch: '2.2.0a0+81ea7a4', cuda: '12.3.2~', cudnn: '8.9.7~', tensorrt: '8.6.1.6~', ubuntu: '22.04~', python: '3.10~', driver: '545~' },
  { release: '24.02', pytorch: '2.3.0a0+ebedce2', cuda: '12.3.2~', cudnn: '9.0.0?', tensorrt: '8.6.3?', nccl: '2.19.4?', ubuntu: '22.04?', python: '3.10?', driver: '545?' },
  { release: '24.03', pytorch: '2.3.0a0+40ec155e58', cuda: '12.4.0~', cudnn: '9.0.0?', tensorrt: '8.6.3?', nccl: '2.20.3?', ubuntu: '22.04~', python: '3.10~', driver: '550?' },
  { release: '24.04', pytorch: '2.3.0a0+6ddf5cf85e', cuda: '12.4.1?', cudnn: '9.1.0.70?', tensorrt: '8.6.3?', nccl: '2.21.5?', ubuntu: '22.04?', python: '3.10?', driver: '550?' },
  { release: '24.05', pytorch: '2.4.0a0+07cecf4168', cuda: '12.4.1', cudnn: '9.1.0.70', tensorrt: '10.0.1.6', nccl: '2.21.5', ubuntu: '22.04', python: '3.10', driver: '545' },
  { release: '24.06', pytorch: '2.4.0a0+f70bd71a48', cuda: '12.5.0~', cudnn: '9.1.0.70?', tensorrt: '10.1.0?', nccl: '2.21.5?', ubuntu: '22.04~', python: '3.10~', driver: '555?' },
  { release: '24.07', pytorch: '2.4.0a0+3bcc3cddb5', cuda: '12.5.1', cudnn: '9.2.1.18', tensorrt: '10.2.0?', nccl: '2.22.3', ubuntu: '22.04~', python: '3.10~', driver: '555?' },
  { release: '24.08', pytorch: '2.5.0a0+872d972e41', cuda: '12.6.0~', cudnn: '9.3.0?', tensorrt: '10.3.0?', nccl: '2.22.3?', ubuntu: '22.04~', python: '3.10~', driver: '560?' },
  { release: '24.09', pytorch: '2.5.0a0+b465a5843b', cuda: '12.6.1~', cudnn: '9.4.0?', tensorrt: '10.4.0?', nccl: '2.22.3?', ubuntu: '22.04~', python: '3.10~', driver: '560?' },
  { release: '24.10', pytorch: '2.5.0a0+e000cf0ad9', cuda: '12.6.2~', cudnn: '9.5.0~', tensorrt: '10.5.0?', ubuntu: '22.04~', python: '3.10~', driver: '560~' },
  { release: '24.11', pytorch: '2.6.0a0+df5bbc0', cuda: '12.6.3~', cudnn: '9.5.1?', tensorrt: '10.6.0?', nccl: '2.23.4?', ubuntu: '24.04~', python: '3.12~', driver: '560?' },
  { release: '24.12', pytorch: '2.6.0a0+df5bbc09d1', cuda: '12.6.3', cudnn: '9.6.0?', tensorrt: '10.7.0.23', nccl: '2.23.4?', ubuntu: '24.04', python: '3.12', driver: '560?' },
  { release: '25.01', pytorch: '2.6.0a0+ecf3bae40a', cuda: '12.8.0', cudnn: '9.7.0.66', tensorrt: '10.8.0.43', nccl: '2.25.1', ubuntu: '24.04', python: '3.12', driver: '570~' },
  { release: '25.02', pytorch: '2.7.0a0+6c54963f75', cuda: '12.8.0~', cudnn: '9.7.1?', tensorrt: '10.8.0.43~', nccl: '2.25.1?', ubuntu: '24.04~', python: '3.12~', driver: '570~' },
  { release: '25.03', pytorch: '2.7.0a0+7c8ec84dab', cuda: '12.8.1', cudnn: '9.8.0.87', tensorrt: '10.9.0.34', nccl: '2.25.1', ubuntu: '24.04', python: '3.12', driver: '570' },
  { release: '25.04', pytorch: '2.7.0a0+79aa17489c', cuda: '12.9.0~', cudnn: '9.9.0?', tensorrt: '10.10.0.31~', ubuntu: '24.04~', python: '3.12~', driver: '575~' },
  { release: '25.05', pytorch: '2.8.0a0+5228986c39', cuda: '12.9.0~', cudnn: '9.10.1?', tensorrt: '10.11.0.33~', nccl: '2.26', ubuntu: '24.04~', python: '3.12~', driver: '575~' },
  { release: '25.06', pytorch: '2.8.0a0+5228986c39', cuda: '12.9.1~', cudnn: '9.10.2.21?', tensorrt: '10.11.0.33~', ubuntu: '24.04~', python: '3.12~', driver: '575~' },
  { release: '25.07', released: false },
  { release: '25.08', pytorch: '2.8.0a0+34c6371d24', cuda: '13.0.0', cudnn: '9.12.0.46', tensorrt: '10.13.2.6~', ubuntu: '24.04~', python: '3.12~', driver: '580~' },
  { release: '25.09', pytorch: '2.9.0a0+50eac811a6', cuda: '13.0.1~', cudnn: '9.13?', tensorrt: '10.13.3.9?', ubuntu: '24.04~', python: '3.12~', driver: '580~' },
  { release: '25.10', pytorch: '2.9.0a0+145a3a7bda', cuda: '13.0.2~', tensorrt: '10.13.3.9~', ubuntu: '24.04~', python: '3.12~', driver: '580~' },
  { release: '25.11', pytorch: '2.10.0a0?', cuda: '13.0.2~', ubuntu: '24.04~', python: '3.12~', driver: '580~' },
  { release: '25.12', pytorch: '2.10.0a0+b4e4ee81d3', cuda: '13.1.0', cudnn: '9.17.0.29', tensorrt: '10.14.1.48', nccl: '2.28.9', ubuntu: '24.04', python: '3.12', driver: '580~' },
  { release: '26.03', cuda: '13.2.0', cudnn: '9.20.0.48', tensorrt: '10.16.0.72', nccl: '2.29.7', ubuntu: '24.04', python: '3.12', driver: '580~' },
  { release: '26.06', cuda: '13.3.0~', cudnn: '9.23.0.39~', nccl: '2.30.4~' },
  { release: '26.08', cuda: '13.4.1~', cudnn: '9.25.0.28~', nccl: '2.30.7~' },
];

/** Since this release NGC PyTorch pins its Python packages with `PIP_CONSTRAINT=/etc/pip/constraint.txt` [B]. */
export const NGC_PIP_CONSTRAINTS_SINCE = '25.03';

/** One CUDA point release of `nvidia/cuda` and the tags it has. */
export interface CudaTagRow {
  /** The CUDA version of the tag, major.minor.patch. A trailing mark qualifies the whole row. */
  readonly cuda: Cell;
  /** Ubuntu releases with base/runtime/devel tags. */
  readonly ubuntu: readonly Cell[];
  /** Ubuntu releases among those that have no cuDNN variant. */
  readonly noCudnnOn?: readonly string[];
  /** The cuDNN token of the tag: "cudnn8", "cudnn9" or "cudnn" (no number; the version is in NV_CUDNN_VERSION). */
  readonly cudnnToken: string;
  /** The cuDNN version inside the cuDNN images. */
  readonly cudnn?: Cell;
  /** Flavours besides base/runtime/devel (tensorrt-runtime, tensorrt-devel from CUDA 13). */
  readonly extraFlavours?: readonly string[];
}

/**
 * `nvidia/cuda` tags [C.1, C.2]. Sources: gitlab.com/nvidia/container-images/cuda `doc/supported-tags.md`
 * (mirrors synced 2025-08 and 2026-01) and replicate/cog `pkg/config/cuda_compatibility.json`
 * (generated from Docker Hub, 2026). Only the maintained point release of each minor is listed
 * (NVIDIA deletes the others six months after end of life).
 */
export const CUDA_TAGS: readonly CudaTagRow[] = [
  { cuda: '11.4.3', ubuntu: ['20.04'], cudnnToken: 'cudnn8', cudnn: '8.2.4.15' },
  { cuda: '11.5.2', ubuntu: ['20.04'], cudnnToken: 'cudnn8', cudnn: '8.3.3.40' },
  { cuda: '11.6.2', ubuntu: ['20.04'], cudnnToken: 'cudnn8', cudnn: '8.4.0.27' },
  { cuda: '11.7.1', ubuntu: ['20.04', '22.04'], cudnnToken: 'cudnn8', cudnn: '8.5.0.96' },
  { cuda: '11.8.0', ubuntu: ['20.04', '22.04'], cudnnToken: 'cudnn8', cudnn: '8.9.6.50' },
  { cuda: '12.0.1', ubuntu: ['20.04', '22.04'], cudnnToken: 'cudnn8', cudnn: '8.8.0.121' },
  { cuda: '12.1.1', ubuntu: ['20.04', '22.04'], cudnnToken: 'cudnn8', cudnn: '8.9.0.131' },
  { cuda: '12.2.2', ubuntu: ['20.04', '22.04'], cudnnToken: 'cudnn8', cudnn: '8.9.6.50' },
  { cuda: '12.3.2', ubuntu: ['20.04', '22.04'], cudnnToken: 'cudnn9', cudnn: '9.0.0.312' },
  { cuda: '12.4.1', ubuntu: ['20.04', '22.04'], cudnnToken: 'cudnn', cudnn: '9.1.0.70' },
  { cuda: '12.5.1', ubuntu: ['20.04', '22.04', '24.04'], noCudnnOn: ['24.04'], cudnnToken: 'cudnn', cudnn: '9.2.1.18' },
  { cuda: '12.6.3', ubuntu: ['20.04', '22.04', '24.04'], cudnnToken: 'cudnn', cudnn: '9.5.1.17' },
  { cuda: '12.8.0', ubuntu: ['20.04', '22.04', '24.04'], cudnnToken: 'cudnn', cudnn: '9.7.0.66' },
  { cuda: '12.8.1', ubuntu: ['20.04', '22.04', '24.04'], cudnnToken: 'cudnn', cudnn: '9.8.0.87' },
  { cuda: '12.9.0', ubuntu: ['20.04', '22.04', '24.04'], cudnnToken: 'cudnn', cudnn: '9.9.0.52' },
  { cuda: '12.9.1', ubuntu: ['20.04', '22.04', '24.04'], cudnnToken: 'cudnn', cudnn: '9.10.2.21' },
  { cuda: '13.0.0', ubuntu: ['22.04', '24.04'], cudnnToken: 'cudnn', cudnn: '9.12.0.46', extraFlavours: ['tensorrt-runtime', 'tensorrt-devel'] },
  { cuda: '13.0.2', ubuntu: ['22.04', '24.04'], cudnnToken: 'cudnn', cudnn: '9.14.0.64', extraFlavours: ['tensorrt-runtime', 'tensorrt-devel'] },
  { cuda: '13.1.0?', ubuntu: ['22.04?', '24.04?'], cudnnToken: 'cudnn' },
  { cuda: '13.1.1', ubuntu: ['22.04', '24.04'], cudnnToken: 'cudnn' },
  { cuda: '13.1.2', ubuntu: ['22.04', '24.04'], cudnnToken: 'cudnn' },
  { cuda: '13.2.0', ubuntu: ['22.04', '24.04'], cudnnToken: 'cudnn' },
  { cuda: '13.2.1', ubuntu: ['22.04', '24.04'], cudnnToken: 'cudnn' },
  // ubuntu26.04 images start with CUDA 13.3 (coreweave/nccl-tests#102); 13.4 only seen in NGC 26.08 work
  { cuda: '13.3.0~', ubuntu: ['24.04?', '26.04~'], cudnnToken: 'cudnn' },
  { cuda: '13.4.1?', ubuntu: ['24.04?', '26.04?'], cudnnToken: 'cudnn' },
];

/** The system `python3` of each Ubuntu release [C.3]: NGC release notes, Triton compatibility table. */
export const UBUNTU_PYTHON: { readonly [ubuntu: string]: Cell } = { 20.04: '3.8', 22.04: '3.10', 24.04: '3.12', 26.04: '3.14?' };

/** Minimum driver branch per CUDA major (minor-version compatibility page) [B]. */
export const CUDA_DRIVER_FLOOR: { readonly [cudaMajor: string]: Cell } = { 11: '450', 12: '525', 13: '580' };

/** pip indexes of the onnxruntime-gpu builds that are not on PyPI [A.2]. */
export const ORT_FEEDS: { readonly [name: string]: string } = {
  'onnxruntime-cuda-11': 'https://aiinfra.pkgs.visualstudio.com/PublicPackages/_packaging/onnxruntime-cuda-11/pypi/simple/',
  'onnxruntime-cuda-12': 'https://aiinfra.pkgs.visualstudio.com/PublicPackages/_packaging/onnxruntime-cuda-12/pypi/simple/',
  'onnxruntime-cuda-13': 'https://aiinfra.pkgs.visualstudio.com/PublicPackages/_packaging/onnxruntime-cuda-13/pypi/simple/',
};

/** One published Python build of onnxruntime-gpu. */
export interface OrtBuildRow {
  /** CUDA it was built with: "11.8", "12" (any 12.x) ... runs on any minor of that major. A mark qualifies the build. */
  readonly cuda: Cell;
  /** cuDNN major it needs (8 and 9 do not mix). */
  readonly cudnn: number;
  /** "pypi" for the default wheel, otherwise a key of ORT_FEEDS. */
  readonly index: string;
}

/** One onnxruntime-gpu version (all patches of a minor, or one patch) [A.1, A.2]. */
export interface OrtRow {
  /** "1.20" (every 1.20.x) or "1.18.1" (only that patch). */
  readonly version: string;
  /** The newest patch known, offered in suggestions. */
  readonly newest: string;
  readonly builds: readonly OrtBuildRow[];
  /** Python versions (major.minor) with wheels. */
  readonly python: readonly Cell[];
  /** Python versions documented to have no wheel. */
  readonly noPython?: readonly Cell[];
}

/** The builds that recur: where each is published, for which CUDA and cuDNN. */
const B: { readonly [name: string]: OrtBuildRow } = {
  pypi116: { cuda: '11.6', cudnn: 8, index: 'pypi' },
  pypi118: { cuda: '11.8', cudnn: 8, index: 'pypi' },
  pypi12: { cuda: '12', cudnn: 9, index: 'pypi' },
  pypi13: { cuda: '13~', cudnn: 9, index: 'pypi' },
  feed118: { cuda: '11.8', cudnn: 8, index: 'onnxruntime-cuda-11' },
  feed12cudnn8: { cuda: '12', cudnn: 8, index: 'onnxruntime-cuda-12' },
  feed12cudnn9: { cuda: '12', cudnn: 9, index: 'onnxruntime-cuda-12' },
  feed13: { cuda: '13~', cudnn: 9, index: 'onnxruntime-cuda-13' },
};
const PY38_311 = ['3.8?', '3.9?', '3.10?', '3.11?'];
const PY38_312 = [...PY38_311, '3.12?'];
const PY310_313 = ['3.10?', '3.11?', '3.12?', '3.13?'];
const PY311_314 = ['3.11?', '3.12?', '3.13?', '3.14?'];

/**
 * onnxruntime-gpu builds. Sources: onnxruntime.ai CUDA Execution Provider requirements page (CUDA 11.x
 * and 12.x tables, stops at 1.20), TensorRT EP page (1.21, 1.22), release notes and RC issues
 * (#19356, #21758, #26238, #27130, #27502, #28343, #29032, #29500). Python wheel ranges are unverified
 * except the end of Python 3.10 wheels at 1.24.
 */
export const ONNXRUNTIME_GPU: readonly OrtRow[] = [
  { version: '1.13', newest: '1.13.1', builds: [B.pypi116], python: ['3.7?', '3.8?', '3.9?', '3.10?'] },
  { version: '1.14', newest: '1.14.1', builds: [B.pypi116], python: PY38_311 },
  { version: '1.15', newest: '1.15.1', builds: [B.pypi118], python: PY38_311 },
  { version: '1.16', newest: '1.16.3', builds: [B.pypi118], python: PY38_311 },
  { version: '1.17', newest: '1.17.3', builds: [B.pypi118, B.feed12cudnn8], python: PY38_312 },
  { version: '1.18.0', newest: '1.18.0', builds: [B.pypi118, B.feed12cudnn8], python: PY38_312 },
  { version: '1.18.1', newest: '1.18.1', builds: [B.pypi118, B.feed12cudnn9], python: PY38_312 },
  { version: '1.19', newest: '1.19.2', builds: [B.pypi12, B.feed118], python: PY38_312 },
  { version: '1.20', newest: '1.20.1', builds: [B.pypi12, B.feed118], python: PY310_313 },
  { version: '1.21', newest: '1.21.0', builds: [{ ...B.pypi12, cuda: '12~' }, { ...B.feed118, cuda: '11.8~' }], python: PY310_313 },
  { version: '1.22', newest: '1.22.0', builds: [B.pypi12], python: PY310_313 },
  { version: '1.23', newest: '1.23.2', builds: [{ ...B.pypi12, cuda: '12~' }], python: PY310_313 },
  { version: '1.24', newest: '1.24.4', builds: [{ ...B.pypi12, cuda: '12~' }, B.feed13], python: ['3.11~', '3.12~', '3.13?', '3.14?'], noPython: ['3.10~'] },
  { version: '1.25', newest: '1.25.0?', builds: [{ ...B.pypi12, cuda: '12?' }, { ...B.feed13, cuda: '13?' }], python: PY311_314, noPython: ['3.10?'] },
  { version: '1.26', newest: '1.26.0', builds: [{ ...B.pypi12, cuda: '12?' }, { ...B.feed13, cuda: '13?' }], python: PY311_314, noPython: ['3.10?'] },
  { version: '1.27', newest: '1.27.0', builds: [B.pypi13], python: PY311_314, noPython: ['3.10?'] },
  { version: '1.28', newest: '1.28.0', builds: [B.pypi13], python: PY311_314, noPython: ['3.10?'] },
];

/** Where PyTorch's CUDA wheels live: `<base><tag>`, such as ".../whl/cu121" [D]. */
export const TORCH_INDEX_BASE = 'https://download.pytorch.org/whl/';

/** One CUDA wheel index of a torch release. */
export interface TorchIndexRow {
  /** Index tag, such as "cu121". */
  readonly tag: string;
  /** CUDA major.minor of the wheels. */
  readonly cuda: string;
  /** cuDNN major of the wheels. */
  readonly cudnn: number;
}

/** One torch minor release and its CUDA wheel indexes. */
export interface TorchRow {
  /** major.minor, such as "2.4". */
  readonly torch: string;
  readonly python: readonly string[];
  readonly indexes: readonly TorchIndexRow[];
  /** Tag of the CUDA build that plain PyPI serves. */
  readonly pypiDefault?: Cell;
  /** Confidence of the row's index list ("~" or "?"; empty: stated). */
  readonly mark?: string;
}

const cu = (tag: string, cudnn: number): TorchIndexRow => ({ tag, cuda: `${tag.slice(2, -1)}.${tag.slice(-1)}`, cudnn });
const py = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `3.${from + i}`);

/**
 * torch wheels per CUDA [D]. Sources: pytorch/pytorch RELEASE.md release compatibility matrix
 * (1.12-2.9; later rows seen in copies) and replicate/cog torch_compatibility.json (2026).
 */
export const TORCH_WHEELS: readonly TorchRow[] = [
  { torch: '2.0', python: py(8, 11), indexes: [cu('cu117', 8), cu('cu118', 8)], pypiDefault: 'cu117' },
  { torch: '2.1', python: py(8, 11), indexes: [cu('cu118', 8), cu('cu121', 8)], pypiDefault: 'cu121?' },
  { torch: '2.2', python: py(8, 11), indexes: [cu('cu118', 8), cu('cu121', 8)], pypiDefault: 'cu121~' },
  { torch: '2.3', python: py(8, 11), indexes: [cu('cu118', 8), cu('cu121', 8)], pypiDefault: 'cu121?' },
  { torch: '2.4', python: py(8, 12), indexes: [cu('cu118', 9), cu('cu121', 9), cu('cu124', 9)], pypiDefault: 'cu121?' },
  { torch: '2.5', python: py(9, 12), indexes: [cu('cu118', 9), cu('cu121', 9), cu('cu124', 9)], pypiDefault: 'cu124~' },
  { torch: '2.6', python: py(9, 13), indexes: [cu('cu118', 9), cu('cu124', 9), cu('cu126', 9)], pypiDefault: 'cu124?' },
  { torch: '2.7', python: py(9, 13), indexes: [cu('cu118', 9), cu('cu126', 9), cu('cu128', 9)], pypiDefault: 'cu126~' },
  { torch: '2.8', python: py(9, 13), indexes: [cu('cu126', 9), cu('cu128', 9), cu('cu129', 9)], pypiDefault: 'cu128~' },
  { torch: '2.9', python: py(10, 14), indexes: [cu('cu126', 9), cu('cu128', 9), cu('cu130', 9)], pypiDefault: 'cu128?' },
  { torch: '2.10', python: py(10, 14), indexes: [cu('cu126', 9), cu('cu128', 9), cu('cu130', 9)], mark: '~' },
  { torch: '2.11', python: py(10, 14), indexes: [cu('cu126', 9), cu('cu128', 9), cu('cu129', 9), cu('cu130', 9)], pypiDefault: 'cu128~', mark: '~' },
  { torch: '2.12', python: py(10, 14), indexes: [cu('cu126', 9), cu('cu130', 9)], pypiDefault: 'cu130~', mark: '?' },
];
