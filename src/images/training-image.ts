import { IConstruct } from 'constructs';
import { z } from 'zod';
import { BaseImage } from './base-image';
import { MlImage, MlImageOptions, mlImageOptionsShape } from './ml-image';
import { Confidence, fact, valueOf } from '../compat/confidence';
import type { NgcPyTorchRow } from '../compat/data';
import type { ImageVersions } from '../compat/image-versions';
import { reportProblems, versionLists } from '../compat/report';
import type { Problem } from '../compat/resolve';
import { checkNgcPipPackages, ngcHasPipConstraints, resolveNgc } from '../compat/resolve-ngc';
import * as schemas from '../compat/schemas';
import { PythonPackages } from '../features/python-packages';
import { checkProps } from '../private/validate';

/** Props of a TrainingImage. */
export interface TrainingImageProps extends MlImageOptions {
  /** NVIDIA PyTorch container release, YY.MM, such as "24.05". */
  readonly ngcRelease: string;
  /**
   * Keep NVIDIA's pip constraints file (NGC 25.03 and later: `PIP_CONSTRAINT=/etc/pip/constraint.txt`),
   * which holds the preinstalled packages at the versions NVIDIA's torch was built and tested with.
   * false sets `PIP_CONSTRAINT=/dev/null` in this image, so that pip here, in containers and in
   * images built from this one may change those packages. No effect before 25.03.
   * @default true
   */
  readonly pipConstraints?: boolean;
}

const schema = z.object({ ...mlImageOptionsShape, ngcRelease: schemas.ngcRelease, pipConstraints: z.boolean().optional() }).passthrough();

/**
 * A training image on NVIDIA's PyTorch container (`nvcr.io/nvidia/pytorch:<release>-py3`), which
 * already holds PyTorch, CUDA, cuDNN, NCCL and Python; pip installs go into its system Python and
 * keep NVIDIA's torch build. The release's versions are exposed as `versions`; pip requirements
 * that would replace NVIDIA's torch or load an onnxruntime-gpu built for another CUDA or cuDNN
 * are reported at synth.
 *
 * @example
 * new TrainingImage(project, 'Train', { ngcRelease: '24.05', pipPackages: ['timm', 'Pillow>=10.0.0'] });
 */
export class TrainingImage extends MlImage {
  /** The NGC release. */
  public readonly ngcRelease: string;
  /** Every resolved version (from the NGC release table). */
  public readonly versions: ImageVersions;
  private readonly row?: NgcPyTorchRow;
  private readonly releaseProblems: Problem[];
  private readonly pipConstraints: boolean;

  public constructor(scope: IConstruct, id: string, props: TrainingImageProps) {
    checkProps(scope, `training image "${id}"`, schema, props);
    const { row, problems } = resolveNgc(props.ngcRelease);
    const pipConstraints = props.pipConstraints ?? true;
    const presetEnv: { [name: string]: string } = {};
    // NVIDIA sets it on its Ubuntu 24.04 images already; said again so that it holds on any mirror
    if (row?.ubuntu && valueOf(row.ubuntu) !== '20.04' && valueOf(row.ubuntu) !== '22.04') presetEnv.PIP_BREAK_SYSTEM_PACKAGES = '1';
    if (!pipConstraints && ngcHasPipConstraints(props.ngcRelease)) presetEnv.PIP_CONSTRAINT = '/dev/null';
    const baseImage = BaseImage.ngcPyTorch(props.ngcRelease);
    super(scope, id, baseImage, props, presetEnv);
    this.ngcRelease = props.ngcRelease;
    this.row = row;
    this.releaseProblems = problems;
    this.pipConstraints = pipConstraints;
    const cell = (c: string | undefined) => (c === undefined ? undefined : fact(c));
    const fields = ['ubuntu', 'python', 'cuda', 'cudnn', 'pytorch', 'tensorrt', 'nccl', 'driver'] as const;
    const facts = Object.fromEntries(fields.map((f) => [f, cell(row?.[f])]));
    const confidences: { [field: string]: Confidence | undefined } = Object.fromEntries(fields.map((f) => [f, facts[f]?.confidence]));
    this.versions = {
      baseImage: baseImage.reference,
      ...versionLists(confidences),
      ...Object.fromEntries(fields.filter((f) => facts[f]).map((f) => [f, facts[f]!.value])),
    };
    reportProblems(this, () => this.problems());
  }

  /** Warnings about this image's versions and pip requirements (unverified facts, NGC constraints). */
  public get compatWarnings(): string[] {
    return this.problems().filter((p) => p.severity === 'warning').map((p) => p.message);
  }

  private problems(): Problem[] {
    const layer = this.node.tryFindChild('PipPackages');
    const packages = layer instanceof PythonPackages ? layer.packages : [];
    return [...this.releaseProblems, ...checkNgcPipPackages(this.ngcRelease, this.row, packages, this.pipConstraints)];
  }
}
