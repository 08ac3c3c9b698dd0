/**
 * OnnxRuntimeStartupCheck against a real engine: an image built by its own build.sh, whose
 * onnxruntime is a stand-in module that behaves like onnxruntime-gpu on a host whose CUDA provider
 * cannot load (it falls back to the CPU) unless FAKE_ORT_CUDA_LOADS=1. No GPU is needed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { IConstruct } from 'constructs';
import { AptPackages } from '../../src/features/apt-packages';
import { OnnxRuntimeStartupCheck } from '../../src/features/onnxruntime-startup-check';
import { BaseImage } from '../../src/images/base-image';
import { ContainerImage } from '../../src/images/container-image';
import type { ImageBuild } from '../../src/images/image-build';
import { FeaturePhase, ImageFeature } from '../../src/images/image-feature';
import { testProject } from '../support/synth';
import { docker, DOCKER, E2E_BASE_IMAGE, ensureEngine, removeImages, run, uniqueName } from './support/docker';

const FAKE_ORT = [
  'import os',
  '__version__ = "1.19.2"',
  'def get_available_providers():',
  '    return ["CUDAExecutionProvider", "CPUExecutionProvider"]',
  'class InferenceSession:',
  '    def __init__(self, model, providers):',
  '        cuda = os.environ.get("FAKE_ORT_CUDA_LOADS") == "1"',
  '        if not cuda:',
  '            print("[W:onnxruntime] Failed to create CUDAExecutionProvider. Require cuDNN 9.* and CUDA 12.*", flush=True)',
  '        self.providers = [p for p in providers if cuda or p != "CUDAExecutionProvider"] + ["CPUExecutionProvider"]',
  '    def get_providers(self):',
  '        return self.providers',
  '',
].join('\n');

/** Puts the stand-in onnxruntime module on the image's Python path. */
class FakeOnnxRuntime extends ImageFeature {
  public readonly phase = FeaturePhase.PYTHON_PACKAGES;
  public constructor(scope: IConstruct, id: string) {
    super(scope, id);
  }
  public contribute(build: ImageBuild): void {
    build.finalStage.copy(['fake-ort/onnxruntime.py'], '/usr/lib/python3/dist-packages/onnxruntime.py');
  }
}

let imageRef = '';
let projectDir = '';

beforeAll(() => {
  ensureEngine();
  const project = testProject('ort-check-e2e');
  projectDir = project.outdir;
  const image = new ContainerImage(project, 'OrtCheck', { baseImage: BaseImage.of(E2E_BASE_IMAGE), imageName: uniqueName('ml-env-e2e-ort-check') });
  new AptPackages(image, 'Python', { packages: ['python3'] });
  new FakeOnnxRuntime(image, 'FakeOrt');
  new OnnxRuntimeStartupCheck(image, 'RequireCuda');
  project.synth();
  fs.mkdirSync(path.join(projectDir, 'fake-ort'));
  fs.writeFileSync(path.join(projectDir, 'fake-ort', 'onnxruntime.py'), FAKE_ORT);
  imageRef = image.imageRef;
  run(path.join(projectDir, image.directory, 'build.sh'), ['--network', 'host'], { env: { DOCKER } });
}, 15 * 60 * 1000);

afterAll(() => {
  if (imageRef) removeImages([imageRef]);
  if (projectDir) fs.rmSync(projectDir, { recursive: true, force: true });
});

function start(args: string[]): { status: number; stdout: string; stderr: string } {
  const result = docker(['run', '--rm', '--network', 'none', ...args], { allowFail: true });
  return { status: result.code, stdout: result.stdout, stderr: result.stderr };
}

test('the container refuses to start when the CUDA provider falls back to the CPU', () => {
  const result = start([imageRef, 'echo', 'started']);
  expect(result.status).toBe(1);
  expect(result.stdout).toBe('[W:onnxruntime] Failed to create CUDAExecutionProvider. Require cuDNN 9.* and CUDA 12.*\n');
  expect(result.stderr).toContain('ml-env-check-ort: refusing to start: onnxruntime 1.19.2 could not load CUDAExecutionProvider and fell back to CPUExecutionProvider');
});

test('the command runs when the provider loads, and with the check switched off', () => {
  expect(start(['-e', 'FAKE_ORT_CUDA_LOADS=1', imageRef, 'echo', 'started'])).toEqual({ status: 0, stdout: 'started\n', stderr: '' });
  expect(start(['-e', 'ML_ENV_ORT_REQUIRE=', imageRef, 'echo', 'started'])).toEqual({ status: 0, stdout: 'started\n', stderr: '' });
});

test('without a command the entrypoint starts bash, as the base image would', () => {
  const result = docker(['run', '--rm', '-i', '--network', 'none', '-e', 'FAKE_ORT_CUDA_LOADS=1', imageRef], { input: 'echo "$0 $ML_ENV_ORT_REQUIRE"\n' });
  expect([result.code, result.stdout]).toEqual([0, 'bash CUDAExecutionProvider\n']);
});
