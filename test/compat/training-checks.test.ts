import { TrainingImage, TrainingImageProps } from '../../src';
import { cudaImageTag, cudnnToken, defaultCudnnMajor } from '../../src/compat/cuda-images';
import { ortBuilds, resolveOrtBuild, suggestOrtVersion } from '../../src/compat/onnxruntime';
import { parseRequirement } from '../../src/compat/versions';
import { synthFiles, testProject } from '../support/synth';

function synthTraining(props: TrainingImageProps): { image: TrainingImage; problems: string[]; dockerfile?: string } {
  const project = testProject();
  const image = new TrainingImage(project, 'Train', props);
  try {
    return { image, problems: [], dockerfile: synthFiles(project)['docker/train/Dockerfile'] };
  } catch (e) {
    return { image, problems: (e as Error).message.split('\n').slice(1) };
  }
}

test('the seed example release (NGC 24.05) resolves its versions', () => {
  const { image, problems } = synthTraining({ ngcRelease: '24.05' });
  expect(problems).toEqual([]);
  expect(image.versions).toEqual({
    baseImage: 'nvcr.io/nvidia/pytorch:24.05-py3',
    pytorch: '2.4.0a0+07cecf4168',
    cuda: '12.4.1',
    cudnn: '9.1.0.70',
    tensorrt: '10.0.1.6',
    nccl: '2.21.5',
    ubuntu: '22.04',
    python: '3.10',
    driver: '545',
    indirect: [],
    unverified: [],
  });
  expect(image.compatWarnings).toEqual([]);
});

test('versions from indirect or unverified sources are named as such', () => {
  const { image } = synthTraining({ ngcRelease: '24.08' });
  expect(image.versions.cuda).toBe('12.6.0');
  expect(image.versions.indirect).toEqual(['cuda', 'python', 'ubuntu']);
  expect(image.versions.unverified).toEqual(['cudnn', 'driver', 'nccl', 'tensorrt']);
});

test('a month NVIDIA skipped is rejected with the releases around it', () => {
  expect(synthTraining({ ngcRelease: '25.07' }).problems).toEqual([
    '[Train] there is no NGC PyTorch 25.07: NVIDIA skipped that month (no nvcr.io/nvidia/pytorch:25.07-py3 tag); use ngcRelease "25.06" or "25.08"',
  ]);
});

test('a release newer than the table is only a warning', () => {
  const { image, problems } = synthTraining({ ngcRelease: '26.11' });
  expect(problems).toEqual([]);
  expect(image.compatWarnings).toEqual(['the compatibility table has no NGC PyTorch 26.11 (it covers 22.12 to 26.08); its versions are unknown and not checked']);
  expect(image.versions).toEqual({ baseImage: 'nvcr.io/nvidia/pytorch:26.11-py3', indirect: [], unverified: [] });
});

test('a torch pin other than NVIDIA\'s build names the release that ships it', () => {
  expect(synthTraining({ ngcRelease: '24.05', pipPackages: ['torch==2.5.1'] }).problems).toEqual([
    '[Train] "torch==2.5.1" would replace NVIDIA\'s torch 2.4.0a0+07cecf4168 of NGC 24.05 with a PyPI wheel built for another CUDA; '
    + 'drop the version, or use ngcRelease "24.08" (torch 2.5.0a0+872d972e41)',
  ]);
});

test('an onnxruntime-gpu requirement whose PyPI wheel does not fit the release is rejected with a pin that does', () => {
  // 1.18.1 on PyPI is the CUDA 11.8 + cuDNN 8 build; NGC 24.05 has CUDA 12.4 + cuDNN 9
  expect(synthTraining({ ngcRelease: '24.05', pipPackages: ['onnxruntime-gpu==1.18.1'] }).problems).toEqual([
    '[Train] "onnxruntime-gpu==1.18.1" on NGC 24.05 (CUDA 12.4.1, cuDNN 9.1.0.70): onnxruntime-gpu 1.18.1 has no build for CUDA 12 on PyPI '
    + '(the image has CUDA 12.4.1); it is built for CUDA 11.8 + cuDNN 8, from PyPI; CUDA 12 + cuDNN 9, from the onnxruntime-cuda-12 feed; '
    + 'pin "onnxruntime-gpu==1.19.2" (on PyPI for this CUDA and cuDNN)',
  ]);
  expect(synthTraining({ ngcRelease: '24.05', pipPackages: ['onnxruntime-gpu==1.20.1'] }).problems).toEqual([]);
});

test('NGC 25.03+ pip constraints: a warning by default, PIP_CONSTRAINT=/dev/null when turned off', () => {
  const kept = synthTraining({ ngcRelease: '25.03', pipPackages: ['numpy==2.1.0', 'tqdm'] });
  expect(kept.problems).toEqual([]);
  expect(kept.image.compatWarnings).toEqual(['"numpy==2.1.0" may conflict with /etc/pip/constraint.txt, which pins the preinstalled Python packages of NGC 25.03: '
    + 'pip stops with ResolutionImpossible when a requirement names one of them at another version; drop the version, or set pipConstraints: false']);
  expect(kept.dockerfile).not.toContain('PIP_CONSTRAINT');
  expect(kept.dockerfile).toContain('PIP_BREAK_SYSTEM_PACKAGES="1"');

  const off = synthTraining({ ngcRelease: '25.03', pipPackages: ['numpy==2.1.0'], pipConstraints: false });
  expect(off.image.compatWarnings).toEqual([]);
  expect(off.dockerfile).toContain('PIP_CONSTRAINT="/dev/null"');

  const before = synthTraining({ ngcRelease: '24.05', pipPackages: ['numpy==2.1.0'], pipConstraints: false });
  expect(before.dockerfile).not.toContain('PIP_CONSTRAINT');
  expect(before.dockerfile).not.toContain('PIP_BREAK_SYSTEM_PACKAGES');
});

test('pip packages added after the constructor are checked too', () => {
  const project = testProject();
  const image = new TrainingImage(project, 'Train', { ngcRelease: '24.05' });
  image.addPipPackages('torch==2.3.0');
  expect(() => synthFiles(project)).toThrow('use ngcRelease "24.04" (torch 2.3.0a0+6ddf5cf85e)');
});

describe('the helpers kept for BaseImage.cuda and older callers', () => {
  test('tags and cuDNN tokens', () => {
    expect(cudaImageTag('11.8.0', 8, 'runtime', 'ubuntu22.04')).toBe('11.8.0-cudnn8-runtime-ubuntu22.04');
    expect(cudaImageTag('12.3.2', 9, 'devel', 'ubuntu22.04')).toBe('12.3.2-cudnn9-devel-ubuntu22.04');
    expect(cudaImageTag('12.4.1', 9, 'runtime', 'ubuntu22.04')).toBe('12.4.1-cudnn-runtime-ubuntu22.04');
    expect(cudaImageTag('12.4.1', undefined, 'base', 'ubuntu22.04')).toBe('12.4.1-base-ubuntu22.04');
    expect(defaultCudnnMajor('12.2.2')).toBe(8);
    expect(defaultCudnnMajor('12.3.2')).toBe(9);
    expect(() => cudnnToken('12.4.1', 8)).toThrow('cuda 12.4.1 images ship cudnn 9 only, got cudnn 8; use cuda 12.2 or older for cudnn 8');
    expect(() => cudaImageTag('12.4.1', 9, 'base', 'ubuntu22.04')).toThrow('the "base" flavour has no cudnn variant');
  });

  test('onnxruntime builds', () => {
    expect(ortBuilds('1.18.1')).toEqual([
      { cudaMajor: 11, cudnnMajor: 8 },
      { cudaMajor: 12, cudnnMajor: 9, feed: 'https://aiinfra.pkgs.visualstudio.com/PublicPackages/_packaging/onnxruntime-cuda-12/pypi/simple/' },
    ]);
    expect(ortBuilds('0.9.0')).toEqual([]);
    expect(resolveOrtBuild('1.20.1', 12, 9)).toEqual({ cudaMajor: 12, cudnnMajor: 9 });
    expect(() => resolveOrtBuild('1.22.0', 11, 8)).toThrow('onnxruntime-gpu 1.22.0 has no build for CUDA 11');
    expect(suggestOrtVersion(11, 8)).toBe('1.21.0');
    expect(suggestOrtVersion(10, 7)).toBeUndefined();
  });
});

test('requirements are parsed to name, specifier and exact pin', () => {
  expect(parseRequirement('Torch[cuda] == 2.4.*; python_version>"3.8"')).toEqual({ name: 'torch', specifier: '==2.4.*', exact: '2.4.*' });
  expect(parseRequirement('onnxruntime_gpu>=1.18,<1.20')).toEqual({ name: 'onnxruntime-gpu', specifier: '>=1.18,<1.20', exact: undefined });
  expect(parseRequirement('pkg @ https://example.com/pkg.whl')).toEqual({ name: 'pkg', specifier: '', exact: undefined });
});
