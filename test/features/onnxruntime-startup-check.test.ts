import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GosuEntrypoint } from '../../src/features/gosu-entrypoint';
import { OnnxRuntimeStartupCheck, OnnxRuntimeStartupCheckProps } from '../../src/features/onnxruntime-startup-check';
import { BaseImage } from '../../src/images/base-image';
import { ContainerImage } from '../../src/images/container-image';
import { expectValidDockerfile } from '../support/oracles';
import { synthFiles, testProject } from '../support/synth';

function synthCheck(props: OnnxRuntimeStartupCheckProps = {}, gosu = false): Record<string, string> {
  const project = testProject();
  const image = new ContainerImage(project, 'App', { baseImage: BaseImage.of('debian:bookworm'), runScript: false });
  new OnnxRuntimeStartupCheck(image, 'Check', props);
  if (gosu) new GosuEntrypoint(image, 'User');
  const files = synthFiles(project);
  expectValidDockerfile(files['docker/app/Dockerfile']);
  return files;
}

test('copies the check, switches it on, and makes it the entrypoint', () => {
  const dockerfile = synthCheck()['docker/app/Dockerfile'];
  expect(dockerfile.split('FROM ${BASE_IMAGE}\n')[1]).toBe([
    'COPY --chmod=0755 docker/app/ml-env-check-ort /usr/local/bin/ml-env-check-ort',
    'ENV ML_ENV_ORT_REQUIRE="CUDAExecutionProvider"',
    'ENTRYPOINT ["/usr/local/bin/ml-env-check-ort", "--"]',
    '',
  ].join('\n'));
});

test('leaves the entrypoint to GosuEntrypoint, or off when asked', () => {
  const withGosu = synthCheck({ providers: ['CUDAExecutionProvider', 'TensorrtExecutionProvider'] }, true)['docker/app/Dockerfile'];
  expect(withGosu.match(/^ENTRYPOINT .*$/gm)).toEqual(['ENTRYPOINT ["/usr/local/bin/ml-env-entrypoint"]']);
  expect(withGosu).toContain('ENV ML_ENV_ORT_REQUIRE="CUDAExecutionProvider,TensorrtExecutionProvider"');
  expect(synthCheck({ entrypoint: false })['docker/app/Dockerfile']).not.toContain('ENTRYPOINT');
});

test('rejects provider names that are not providers', () => {
  const project = testProject();
  const image = new ContainerImage(project, 'App', { baseImage: BaseImage.of('debian:bookworm') });
  expect(() => new OnnxRuntimeStartupCheck(image, 'Check', { providers: ['cuda; rm -rf /'] }))
    .toThrow('invalid providers.0: got "cuda; rm -rf /"; expected a provider name such as "CUDAExecutionProvider"');
});

describe('the check script', () => {
  let dir: string;
  let script: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ort-check-'));
    script = path.join(dir, 'ml-env-check-ort');
    fs.writeFileSync(script, synthCheck()['docker/app/ml-env-check-ort'], { mode: 0o755 });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Runs the check with a fake onnxruntime module (or none) first on the import path. */
  function run(env: Record<string, string>, args: string[] = [], fake?: string) {
    const pythonPath = path.join(dir, fake ?? 'none');
    if (fake) {
      fs.mkdirSync(path.join(pythonPath, 'onnxruntime'), { recursive: true });
      fs.writeFileSync(path.join(pythonPath, 'onnxruntime', '__init__.py'), FAKES[fake]);
    }
    // -I (isolated) keeps a machine-wide onnxruntime out when the test needs none
    const result = spawnSync('python3', [...(fake ? [] : ['-I']), script, ...args], {
      encoding: 'utf-8', env: { PATH: process.env.PATH!, PYTHONPATH: pythonPath, ...env },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr.trim() };
  }

  const FAKES: Record<string, string> = {
    // the GPU package whose CUDA provider fails to load: ORT logs it and falls back to the CPU
    fallback: [
      '__version__ = "1.19.2"',
      'def get_available_providers(): return ["CUDAExecutionProvider", "CPUExecutionProvider"]',
      'class InferenceSession:',
      '    def __init__(self, model, providers): assert model[:2] == bytes.fromhex("0807")',
      '    def get_providers(self): return ["CPUExecutionProvider"]',
      '',
    ].join('\n'),
    loads: [
      '__version__ = "1.20.1"',
      'def get_available_providers(): return ["CUDAExecutionProvider", "CPUExecutionProvider"]',
      'class InferenceSession:',
      '    def __init__(self, model, providers): self.providers = providers + ["CPUExecutionProvider"]',
      '    def get_providers(self): return self.providers',
      '',
    ].join('\n'),
  };

  test('refuses to start when the CUDA provider falls back to the CPU', () => {
    expect(run({ ML_ENV_ORT_REQUIRE: 'CUDAExecutionProvider' }, ['--', 'echo', 'started'], 'fallback')).toEqual({
      status: 1,
      stdout: '',
      stderr: 'ml-env-check-ort: refusing to start: onnxruntime 1.19.2 could not load CUDAExecutionProvider and fell back to CPUExecutionProvider; '
        + 'the image\'s CUDA and cuDNN majors must match the onnxruntime-gpu build (see the messages above)\n'
        + 'ml-env-check-ort: set ML_ENV_ORT_REQUIRE= (empty) to start anyway',
    });
  });

  test('runs the command when the provider loads', () => {
    expect(run({ ML_ENV_ORT_REQUIRE: 'CUDAExecutionProvider' }, ['--', 'echo', 'started'], 'loads')).toEqual({ status: 0, stdout: 'started\n', stderr: '' });
  });

  test('is off when ML_ENV_ORT_REQUIRE is empty, and says when onnxruntime is missing', () => {
    expect(run({ ML_ENV_ORT_REQUIRE: '' }, ['--', 'echo', 'started'])).toEqual({ status: 0, stdout: 'started\n', stderr: '' });
    const missing = run({ ML_ENV_ORT_REQUIRE: 'CUDAExecutionProvider' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^ml-env-check-ort: refusing to start: cannot import onnxruntime \(No module named 'onnxruntime'\); install onnxruntime-gpu\n/);
  });

  test('with the real CPU-only onnxruntime: its embedded model opens, and the CUDA provider is reported missing', () => {
    // GIVEN onnxruntime from the machine's local wheel store (no network)
    const venv = path.join(dir, 'venv');
    const make = spawnSync('python3', ['-m', 'venv', '--system-site-packages', venv], { encoding: 'utf-8' });
    expect(make.status).toBe(0);
    const pip = spawnSync(path.join(venv, 'bin', 'pip'), ['install', '-q', 'onnxruntime'], {
      encoding: 'utf-8', env: { ...process.env, PIP_INDEX_URL: 'file:///opt/pypi/simple', PIP_DISABLE_PIP_VERSION_CHECK: '1' },
    });
    expect(pip.stderr.split('\n').filter((l) => l.startsWith('ERROR'))).toEqual([]);
    const python = path.join(venv, 'bin', 'python');
    const runReal = (require: string) => spawnSync(python, [script, '--', 'echo', 'started'], {
      encoding: 'utf-8', env: { PATH: process.env.PATH!, ML_ENV_ORT_REQUIRE: require },
    });
    // WHEN / THEN: the CPU provider loads the one-node model, so the command runs
    const cpu = runReal('CPUExecutionProvider');
    expect([cpu.status, cpu.stdout]).toEqual([0, 'started\n']);
    // and the CPU-only package has no CUDA provider: refused before the command
    const cuda = runReal('CUDAExecutionProvider');
    expect(cuda.status).toBe(1);
    expect(cuda.stdout).toBe('');
    expect(cuda.stderr).toMatch(/refusing to start: onnxruntime [0-9.]+ has no CUDAExecutionProvider \(it has [A-Za-z, ]*CPUExecutionProvider\); the CPU-only onnxruntime package/);
  }, 180_000);
});
