import { Project } from 'projen';
import { InferImage, InferImageProps } from '../../src';
import { synthFiles, testProject } from '../support/synth';

/** The problem lines a synth reports (empty when it succeeds). */
function synthProblems(project: Project): string[] {
  try {
    synthFiles(project);
    return [];
  } catch (e) {
    return (e as Error).message.split('\n').slice(1);
  }
}

function problemsOf(props: InferImageProps): string[] {
  const project = testProject();
  new InferImage(project, 'Infer', props);
  return synthProblems(project);
}

const FEED_11 = 'onnxruntime-cuda-11 feed';
const CUDNN_RULE = '(ONNX Runtime built with cuDNN 8 does not load cuDNN 9, and vice versa)';

describe('documented incompatibilities are rejected with what to change', () => {
  test('an onnxruntime built for cuDNN 8 on a cuDNN 9 image', () => {
    expect(problemsOf({ cuda: '12.4.1', onnxruntime: '1.18.0' })).toEqual([
      `[Infer] onnxruntime-gpu 1.18.0 for CUDA 12 is built with cuDNN 8, but the image has cuDNN 9 ${CUDNN_RULE}; `
      + 'nearest valid: onnxruntime "1.18.1" on this image (CUDA 12 + cuDNN 9, from the onnxruntime-cuda-12 feed), '
      + 'or cuda "12.2.2" (cuDNN 8) for onnxruntime 1.18.0 (CUDA 12 + cuDNN 8, from the onnxruntime-cuda-12 feed)',
    ]);
  });

  test('an onnxruntime built for cuDNN 9 on a cuDNN 8 image', () => {
    expect(problemsOf({ cuda: '12.2.2', onnxruntime: '1.19.2' })).toEqual([
      `[Infer] onnxruntime-gpu 1.19.2 for CUDA 12 is built with cuDNN 9, but the image has cuDNN 8 ${CUDNN_RULE}; `
      + 'nearest valid: onnxruntime "1.18.0" on this image (CUDA 12 + cuDNN 8, from the onnxruntime-cuda-12 feed), '
      + 'or cuda "12.3.2" (cuDNN 9) for onnxruntime 1.19.2 (CUDA 12 + cuDNN 9, from PyPI)',
    ]);
  });

  test('an onnxruntime whose CUDA major is not the image\'s', () => {
    expect(problemsOf({ cuda: '11.8.0', onnxruntime: '1.22.0' })).toEqual([
      '[Infer] onnxruntime-gpu 1.22.0 has no build for CUDA 11 (the image has CUDA 11.8.0); it is built for CUDA 12 + cuDNN 9, from PyPI; '
      + `nearest valid: onnxruntime "1.21.0" on this image (CUDA 11.8 + cuDNN 8, from the ${FEED_11}), `
      + 'or cuda "12.3.2" (cuDNN 9) for onnxruntime 1.22.0 (CUDA 12 + cuDNN 9, from PyPI)',
    ]);
  });

  test('an onnxruntime without a wheel for the image\'s Python (1.24 on Ubuntu 22.04, Python 3.10)', () => {
    expect(problemsOf({ cuda: '12.4.1', os: 'ubuntu22.04', onnxruntime: '1.24.4' })).toEqual([
      '[Infer] onnxruntime-gpu 1.24.4 publishes no wheel for Python 3.10 (the image\'s Python); '
      + 'nearest valid: onnxruntime "1.23.2" on this image (CUDA 12 + cuDNN 9, from PyPI), '
      + 'or cuda "12.6.3" with os "ubuntu24.04" (cuDNN 9) for onnxruntime 1.24.4 (CUDA 12 + cuDNN 9, from PyPI)',
    ]);
  });

  test('a cudnn8 tag that does not exist (CUDA 12.4)', () => {
    expect(problemsOf({ cuda: '12.4.1', cudnn: 8, onnxruntime: '1.18.0' })).toEqual([
      '[Infer] nvidia/cuda 12.4.1 images ship cuDNN 9 only (tag token "cudnn"), there is no cudnn8 tag; use cudnn 9, or cuda "12.2.2" for cuDNN 8',
    ]);
  });

  test('a cudnn9 tag that does not exist (CUDA 11.8)', () => {
    expect(problemsOf({ cuda: '11.8.0', cudnn: 9, onnxruntime: '1.20.1' })).toEqual([
      '[Infer] nvidia/cuda 11.8.0 images ship cuDNN 8 only (tag token "cudnn8"), there is no cudnn9 tag; use cudnn 8, or cuda "12.3.2" for cuDNN 9',
    ]);
  });

  test('an ubuntu24.04 cuDNN image before CUDA 12.6', () => {
    expect(problemsOf({ cuda: '12.5.1', os: 'ubuntu24.04', onnxruntime: '1.20.1' })).toEqual([
      '[Infer] nvidia/cuda 12.5.1 has no cuDNN images on ubuntu24.04; use cuda "12.6.3" on ubuntu24.04, or os "ubuntu20.04" or "ubuntu22.04"',
    ]);
  });

  test('an Ubuntu release a CUDA version has no images for', () => {
    expect(problemsOf({ cuda: '11.8.0', os: 'ubuntu24.04', onnxruntime: '1.18.1' })).toEqual([
      '[Infer] nvidia/cuda 11.8.0 has no ubuntu24.04 images; use os "ubuntu20.04" or "ubuntu22.04", or cuda "12.6.3" (cuDNN 9) on ubuntu24.04',
    ]);
  });

  test('a CUDA version without images', () => {
    expect(problemsOf({ cuda: '12.7.0', onnxruntime: '1.20.1' })).toEqual([
      '[Infer] there are no nvidia/cuda images for CUDA 12.7.0; use cuda "12.6.3"',
    ]);
  });

  test('a torch wheel whose CUDA does not match the image', () => {
    expect(problemsOf({ cuda: '12.4.1', onnxruntime: '1.20.1', torch: '2.4.1', torchCuda: '11.8' })).toEqual([
      '[Infer] torch 2.4 cu118 wheels are built for CUDA 11.8, but the image has CUDA 12.4.1; use torchCuda "12.4"',
    ]);
  });

  test('a torch whose cuDNN is not the one of the image and onnxruntime', () => {
    expect(problemsOf({ cuda: '12.4.1', onnxruntime: '1.20.1', torch: '2.3.1' })).toEqual([
      '[Infer] torch 2.3 cu121 wheels use cuDNN 8, but the image (and its onnxruntime) use cuDNN 9; use torch "2.4"',
    ]);
  });

  test('an onnxruntime requirement in pipPackages next to the pinned build', () => {
    expect(problemsOf({ cuda: '11.8.0', onnxruntime: '1.18.1', pipPackages: ['onnxruntime'] })).toEqual([
      '[Infer] pipPackages has "onnxruntime", but the image already installs onnxruntime-gpu 1.18.1 for its CUDA and cuDNN '
      + '(a second requirement replaces that build, and "onnxruntime" shadows the GPU package); remove it and set onnxruntime instead',
    ]);
  });
});

test('the seed\'s own pairing, CUDA 11.8 + cuDNN 8 with an unpinned (latest) onnxruntime, is rejected', () => {
  // GIVEN the seed's inference image as it builds today: PyPI's newest onnxruntime-gpu is for CUDA 13
  const problems = problemsOf({ cuda: '11.8.0', cudnn: 8, onnxruntime: 'latest' });
  // THEN
  expect(problems).toEqual([
    '[Infer] onnxruntime-gpu latest (1.28.x, the newest in the compatibility table) has no build for CUDA 11 (the image has CUDA 11.8.0); '
    + `it is built for CUDA 13 + cuDNN 9, from PyPI; nearest valid: onnxruntime "1.21.0" on this image (CUDA 11.8 + cuDNN 8, from the ${FEED_11}), `
    + 'or cuda "13.0.0" with os "ubuntu24.04" (cuDNN 9) for onnxruntime 1.28.x (CUDA 13 + cuDNN 9, from PyPI)',
  ]);
});

test('problems of several images are reported together, one line each', () => {
  // GIVEN
  const project = testProject();
  new InferImage(project, 'A', { cuda: '12.4.1', onnxruntime: '1.18.0' });
  new InferImage(project, 'B', { cuda: '12.5.1', os: 'ubuntu24.04', onnxruntime: '1.22.0', torch: '2.8', torchCuda: '13.0' });
  // WHEN
  let message = '';
  try {
    synthFiles(project);
  } catch (e) {
    message = (e as Error).message;
  }
  // THEN
  const lines = message.split('\n');
  expect(lines[0]).toBe('invalid environment (3 problems):');
  expect(lines.slice(1).map((l) => l.slice(0, 50))).toEqual([
    '[A] onnxruntime-gpu 1.18.0 for CUDA 12 is built wi',
    '[B] nvidia/cuda 12.5.1 has no cuDNN images on ubun',
    '[B] torch 2.8 has no wheels for CUDA 13.0 (its ind',
  ]);
});

test('a fact marked unverified makes a warning, not an error', () => {
  // GIVEN onnxruntime 1.26's CUDA 13 build on its feed: the sources contradict each other (❓)
  const project = testProject();
  const image = new InferImage(project, 'Infer', { cuda: '13.0.0', os: 'ubuntu24.04', onnxruntime: '1.26.0' });
  const warn = jest.spyOn(project.logger, 'warn').mockImplementation(() => undefined);
  // WHEN
  const files = synthFiles(project);
  // THEN the build goes ahead from the feed, and the doubt is said once
  expect(files['docker/infer/Dockerfile']).toContain('_packaging/onnxruntime-cuda-13/pypi/simple/');
  const expected = 'onnxruntime-gpu 1.26.0 having a build for CUDA 13 + cuDNN 9, from the onnxruntime-cuda-13 feed is not verified';
  expect(image.compatWarnings).toEqual([expected]);
  expect(warn.mock.calls).toEqual([[`[Infer] warning: ${expected}`]]);
});

test('an older point release of a maintained CUDA minor is a warning naming the maintained one', () => {
  const project = testProject();
  const image = new InferImage(project, 'Infer', { cuda: '12.6.0', onnxruntime: '1.20.1' });
  expect(synthProblems(project)).toEqual([]);
  expect(image.compatWarnings).toEqual(['nvidia/cuda keeps only the newest point release of CUDA 12.6 (12.6.3); '
    + '12.6.0 tags are deleted six months after end of life and their cuDNN version is not in the table: use cuda "12.6.3"']);
  expect(image.versions.cudnn).toBe('9');
});

test('Ubuntu 24.04 images let pip install into the system Python', () => {
  const project = testProject();
  const image = new InferImage(project, 'Infer', { cuda: '12.6.3', os: 'ubuntu24.04', onnxruntime: '1.24.4' });
  const dockerfile = synthFiles(project)['docker/infer/Dockerfile'];
  expect(image.python).toBe('3.12');
  expect(image.cudnnVersion).toBe('9.5.1.17');
  expect(dockerfile).toContain('PIP_BREAK_SYSTEM_PACKAGES="1"');
});

test('torch comes from the newest wheel index the image\'s CUDA runs', () => {
  const project = testProject();
  const image = new InferImage(project, 'Infer', { cuda: '12.4.1', onnxruntime: '1.20.1', torch: '2.5' });
  const dockerfile = synthFiles(project)['docker/infer/Dockerfile'];
  expect(image.torchIndexUrl).toBe('https://download.pytorch.org/whl/cu124');
  expect(image.versions.pytorch).toBe('2.5 (cu124)');
  expect(dockerfile).toContain("python -m pip install --index-url https://download.pytorch.org/whl/cu124 'torch==2.5.*'");
});
