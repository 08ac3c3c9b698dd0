/**
 * The versions an ML preset resolved from its props, as read-only data for code and docs
 * (`training.versions.pytorch`, `infer.versions.onnxruntime`). Values come from the compatibility
 * tables; a field is absent when the table does not know it.
 */
export interface ImageVersions {
  /** The base image reference, such as "nvcr.io/nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04". */
  readonly baseImage: string;
  /**
   * Ubuntu release, such as "22.04".
   * @default - unknown
   */
  readonly ubuntu?: string;
  /**
   * The image's Python, major.minor.
   * @default - unknown
   */
  readonly python?: string;
  /**
   * CUDA toolkit, major.minor.patch.
   * @default - unknown
   */
  readonly cuda?: string;
  /**
   * cuDNN: the full version when known, else the major.
   * @default - unknown
   */
  readonly cudnn?: string;
  /**
   * PyTorch (NVIDIA's build in NGC images; the pinned wheel otherwise).
   * @default - none or unknown
   */
  readonly pytorch?: string;
  /**
   * onnxruntime-gpu as pinned ("1.18.1", or "1.28.*" for the newest in the table).
   * @default - none
   */
  readonly onnxruntime?: string;
  /**
   * TensorRT.
   * @default - none or unknown
   */
  readonly tensorrt?: string;
  /**
   * NCCL.
   * @default - none or unknown
   */
  readonly nccl?: string;
  /**
   * The oldest NVIDIA driver branch the image runs on, such as "525".
   * @default - unknown
   */
  readonly driver?: string;
  /** Names of the fields above taken from an indirect source (a sibling release artefact, a vendor thread). */
  readonly indirect: string[];
  /** Names of the fields above that are not verified (shown as such in the environment guide). */
  readonly unverified: string[];
}
