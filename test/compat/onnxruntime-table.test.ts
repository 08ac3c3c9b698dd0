import { InferImage } from '../../src';
import { expectValidDockerfile } from '../support/oracles';
import { synthFiles, testProject } from '../support/synth';

/*
 * The official ONNX Runtime CUDA Execution Provider requirements table, both halves, copied by hand
 * from compat-facts.md §A.1 (not from src/compat/data.ts): each row must be accepted on an image
 * with its documented CUDA and cuDNN, with the wheel taken from the index that publishes it.
 */
const FEED_11 = 'https://aiinfra.pkgs.visualstudio.com/PublicPackages/_packaging/onnxruntime-cuda-11/pypi/simple/';
const FEED_12 = 'https://aiinfra.pkgs.visualstudio.com/PublicPackages/_packaging/onnxruntime-cuda-12/pypi/simple/';

interface Row {
  readonly ort: string;
  readonly cuda: string;
  readonly cudnn: number;
  readonly os: string;
  readonly tag: string;
  readonly feed?: string;
}

const CUDA_12_HALF: Row[] = [
  { ort: '1.20.1', cuda: '12.4.1', cudnn: 9, os: 'ubuntu22.04', tag: '12.4.1-cudnn-runtime-ubuntu22.04' },
  { ort: '1.19.2', cuda: '12.6.3', cudnn: 9, os: 'ubuntu22.04', tag: '12.6.3-cudnn-runtime-ubuntu22.04' },
  { ort: '1.18.1', cuda: '12.3.2', cudnn: 9, os: 'ubuntu22.04', tag: '12.3.2-cudnn9-runtime-ubuntu22.04', feed: FEED_12 },
  { ort: '1.18.0', cuda: '12.2.2', cudnn: 8, os: 'ubuntu22.04', tag: '12.2.2-cudnn8-runtime-ubuntu22.04', feed: FEED_12 },
  { ort: '1.17.3', cuda: '12.1.1', cudnn: 8, os: 'ubuntu22.04', tag: '12.1.1-cudnn8-runtime-ubuntu22.04', feed: FEED_12 },
];

const CUDA_11_HALF: Row[] = [
  { ort: '1.20.1', cuda: '11.8.0', cudnn: 8, os: 'ubuntu22.04', tag: '11.8.0-cudnn8-runtime-ubuntu22.04', feed: FEED_11 },
  { ort: '1.19.2', cuda: '11.8.0', cudnn: 8, os: 'ubuntu22.04', tag: '11.8.0-cudnn8-runtime-ubuntu22.04', feed: FEED_11 },
  { ort: '1.18.1', cuda: '11.8.0', cudnn: 8, os: 'ubuntu22.04', tag: '11.8.0-cudnn8-runtime-ubuntu22.04' },
  { ort: '1.18.0', cuda: '11.8.0', cudnn: 8, os: 'ubuntu22.04', tag: '11.8.0-cudnn8-runtime-ubuntu22.04' },
  { ort: '1.17.3', cuda: '11.8.0', cudnn: 8, os: 'ubuntu22.04', tag: '11.8.0-cudnn8-runtime-ubuntu22.04' },
  { ort: '1.16.3', cuda: '11.8.0', cudnn: 8, os: 'ubuntu20.04', tag: '11.8.0-cudnn8-runtime-ubuntu20.04' },
  { ort: '1.15.1', cuda: '11.7.1', cudnn: 8, os: 'ubuntu22.04', tag: '11.7.1-cudnn8-runtime-ubuntu22.04' },
  { ort: '1.14.1', cuda: '11.6.2', cudnn: 8, os: 'ubuntu20.04', tag: '11.6.2-cudnn8-runtime-ubuntu20.04' },
  { ort: '1.13.1', cuda: '11.6.2', cudnn: 8, os: 'ubuntu20.04', tag: '11.6.2-cudnn8-runtime-ubuntu20.04' },
];

describe.each([['CUDA 12.x', CUDA_12_HALF], ['CUDA 11.x', CUDA_11_HALF]])('official table, %s half', (_half, rows) => {
  test.each(rows)('onnxruntime-gpu $ort on CUDA $cuda + cuDNN $cudnn is accepted', (row) => {
    // GIVEN
    const project = testProject();
    const image = new InferImage(project, 'Infer', { cuda: row.cuda, cudnn: row.cudnn, os: row.os, onnxruntime: row.ort });
    // WHEN
    const dockerfile = synthFiles(project)['docker/infer/Dockerfile'];
    // THEN
    expect(image.onnxruntimeIndexUrl).toBe(row.feed);
    expect(image.cudnn).toBe(row.cudnn);
    expect(image.versions.onnxruntime).toBe(row.ort);
    expect(dockerfile).toContain(`ARG BASE_IMAGE="nvcr.io/nvidia/cuda:${row.tag}"`);
    const fromFeed = `python -m pip install --no-deps --index-url ${row.feed} 'onnxruntime-gpu==${row.ort}'`;
    if (row.feed) {
      expect(dockerfile).toContain(fromFeed);
    } else {
      expect(dockerfile).not.toContain('--index-url');
    }
    expect(dockerfile).toContain(`python -m pip install 'onnxruntime-gpu==${row.ort}' 'opencv-python-headless'`);
    expectValidDockerfile(dockerfile);
  });
});

test('the seed example pairing (CUDA 11.8.0 + cuDNN 8, onnxruntime-gpu 1.18.1) stays valid and warning-free', () => {
  // GIVEN
  const project = testProject();
  const image = new InferImage(project, 'Inference', { cuda: '11.8.0', cudnn: 8, os: 'ubuntu22.04', onnxruntime: '1.18.1' });
  // WHEN
  synthFiles(project);
  // THEN: 1.18.1's Python wheels are unverified in the table, but 3.10 is listed, so there is no warning
  expect(image.compatWarnings).toEqual([]);
  expect(image.versions).toEqual({
    baseImage: 'nvcr.io/nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04',
    ubuntu: '22.04',
    python: '3.10',
    cuda: '11.8.0',
    cudnn: '8.9.6.50',
    onnxruntime: '1.18.1',
    pytorch: undefined,
    driver: '450',
    indirect: [],
    unverified: [],
  });
});
