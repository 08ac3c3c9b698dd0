import { IConstruct } from 'constructs';
import { z } from 'zod';
import { Command } from '../dockerfile/command';
import type { ImageBuild } from '../images/image-build';
import { FeaturePhase, ImageFeature } from '../images/image-feature';
import { GeneratedFile } from '../private/generated-file';
import { checkProps } from '../private/validate';

/** Props of OnnxRuntimeStartupCheck. */
export interface OnnxRuntimeStartupCheckProps {
  /**
   * Execution providers that must load (`ML_ENV_ORT_REQUIRE`, comma-separated in the image).
   * @default ["CUDAExecutionProvider"]
   */
  readonly providers?: string[];
  /**
   * Make the check the image's ENTRYPOINT: it checks, then runs the command (bash when there is
   * none). Turn it off when another entrypoint calls `ml-env-check-ort` itself.
   * @default - true, unless the image has a GosuEntrypoint (which calls the check)
   */
  readonly entrypoint?: boolean;
}

/** Where the check lives in the image. */
export const ORT_CHECK_PATH = '/usr/local/bin/ml-env-check-ort';
/** The environment variable that switches the check on: the providers that must load. */
export const ORT_CHECK_ENV = 'ML_ENV_ORT_REQUIRE';

const schema = z.object({
  providers: z.array(z.string().regex(/^[A-Za-z]+ExecutionProvider$/, 'expected a provider name such as "CUDAExecutionProvider"'))
    .min(1, 'expected at least one provider').optional(),
  entrypoint: z.boolean().optional(),
});

/**
 * Makes the container refuse to start when onnxruntime cannot load the execution providers it
 * needs (CUDA by default), instead of ONNX Runtime's silent fall back to the CPU. The check opens a
 * session on a one-node model with only those providers and compares what loaded.
 *
 * In the image: `/usr/local/bin/ml-env-check-ort` (Python) and `ML_ENV_ORT_REQUIRE`. Run alone it
 * checks and exits 0 or 1; `ml-env-check-ort -- CMD...` checks, then runs CMD. An entrypoint of
 * another feature calls it before its own work:
 * `if [[ -n "${ML_ENV_ORT_REQUIRE:-}" ]]; then /usr/local/bin/ml-env-check-ort; fi`.
 *
 * @example
 * new OnnxRuntimeStartupCheck(inferImage, 'RequireCuda');
 */
export class OnnxRuntimeStartupCheck extends ImageFeature {
  public readonly phase = FeaturePhase.FILES;
  /** The providers that must load. */
  public readonly providers: string[];
  /** Path of the generated script, relative to the project root. */
  public readonly scriptPath: string;
  private readonly entrypoint?: boolean;

  public constructor(scope: IConstruct, id: string, props: OnnxRuntimeStartupCheckProps = {}) {
    super(scope, id);
    checkProps(this, 'onnxruntime startup check', schema, props);
    this.providers = [...(props.providers ?? ['CUDAExecutionProvider'])];
    this.entrypoint = props.entrypoint;
    this.scriptPath = `${this.image.directory}/ml-env-check-ort`;
    new GeneratedFile(this, this.scriptPath, { executable: true, render: (marker) => renderCheck(marker) });
  }

  public contribute(build: ImageBuild): void {
    const stage = build.finalStage;
    stage.copy([this.image.contextPath(this.scriptPath)], ORT_CHECK_PATH, { chmod: '0755' });
    stage.env({ [ORT_CHECK_ENV]: this.providers.join(',') });
    const gosu = this.image.features.some((f) => f.constructor.name === 'GosuEntrypoint');
    if (this.entrypoint ?? !gosu) {
      stage.entrypoint(Command.exec([ORT_CHECK_PATH, '--']));
    }
  }
}

// An ONNX model with one Identity node (float[1] x -> y, opset 13), protobuf-encoded by hand so
// that the check needs neither the onnx package nor a model file.
const IDENTITY_MODEL = '08073a3b0a100a017812017922084964656e746974791205636865636b5a0f0a0178120a0a08080112040a020801620f0a0179120a0a08080112040a0208014202100d';

function renderCheck(marker: string | undefined): string {
  return [
    '#!/usr/bin/env python3',
    ...(marker ? [`# ${marker}`] : []),
    '"""Refuses to start when onnxruntime cannot load the providers named in ML_ENV_ORT_REQUIRE',
    '(comma-separated, such as CUDAExecutionProvider) instead of falling back to the CPU in silence.',
    '',
    'Usage: ml-env-check-ort               check; exit 0, or 1 with the reason',
    '       ml-env-check-ort -- CMD [ARG]  check, then run CMD (bash when none): the entrypoint form',
    'An empty or unset ML_ENV_ORT_REQUIRE, or 0, skips the check.',
    '"""',
    'import os',
    'import sys',
    '',
    `MODEL = bytes.fromhex("${IDENTITY_MODEL}")`,
    '',
    '',
    'def problem(required):',
    '    try:',
    '        import onnxruntime as ort',
    '    except Exception as error:  # noqa: BLE001 - any import failure is the answer',
    '        return f"cannot import onnxruntime ({error}); install onnxruntime-gpu"',
    '    available = ort.get_available_providers()',
    '    missing = [p for p in required if p not in available]',
    '    if missing:',
    '        return (f"onnxruntime {ort.__version__} has no {\', \'.join(missing)} (it has {\', \'.join(available)}); "',
    '                "the CPU-only onnxruntime package may be installed instead of, or next to, onnxruntime-gpu")',
    '    try:',
    '        session = ort.InferenceSession(MODEL, providers=required)',
    '    except Exception as error:  # noqa: BLE001',
    '        return f"onnxruntime {ort.__version__} could not open a session with {\', \'.join(required)}: {error}"',
    '    loaded = session.get_providers()',
    '    failed = [p for p in required if p not in loaded]',
    '    if failed:',
    '        return (f"onnxruntime {ort.__version__} could not load {\', \'.join(failed)} and fell back to {\', \'.join(loaded)}; "',
    '                "the image\'s CUDA and cuDNN majors must match the onnxruntime-gpu build (see the messages above)")',
    '    return None',
    '',
    '',
    'def main(argv):',
    '    setting = os.environ.get("ML_ENV_ORT_REQUIRE", "")',
    '    required = [p.strip() for p in setting.split(",") if p.strip()] if setting not in ("", "0") else []',
    '    reason = problem(required) if required else None',
    '    if reason:',
    '        print(f"ml-env-check-ort: refusing to start: {reason}", file=sys.stderr)',
    '        print("ml-env-check-ort: set ML_ENV_ORT_REQUIRE= (empty) to start anyway", file=sys.stderr)',
    '        return 1',
    '    if argv[:1] == ["--"]:',
    '        command = argv[1:] or ["bash"]',
    '        os.execvp(command[0], command)',
    '    return 0',
    '',
    '',
    'if __name__ == "__main__":',
    '    sys.exit(main(sys.argv[1:]))',
    '',
  ].join('\n');
}
