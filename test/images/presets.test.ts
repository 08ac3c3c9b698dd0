import * as fs from 'fs';
import * as path from 'path';
import { CudaFlavour, InferImage, TrainingImage } from '../../src';
import { expectValidDockerfile } from '../support/oracles';
import { synthFiles, testProject } from '../support/synth';

describe('TrainingImage', () => {
  test('NGC PyTorch base, one apt layer with tzdata, quoted pip specifiers, writable caches, /code', () => {
    // GIVEN
    const project = testProject();
    const image = new TrainingImage(project, 'Train', {
      ngcRelease: '24.05', timezone: 'Asia/Taipei', aptPackages: ['git', 'ffmpeg'], pipPackages: ['timm', 'Pillow>=10.0.0'],
    });
    image.addAptPackages('git', 'exiftool');
    // WHEN
    const dockerfile = synthFiles(project)['docker/train/Dockerfile'];
    // THEN
    expectValidDockerfile(dockerfile);
    expect(dockerfile).toContain('ARG BASE_IMAGE="nvcr.io/nvidia/pytorch:24.05-py3"');
    expect(dockerfile).toMatch(/apt-get install -y --no-install-recommends .*exiftool ffmpeg git tzdata$/m);
    expect(dockerfile).toContain("python -m pip install 'timm' 'Pillow>=10.0.0'");
    expect(dockerfile).toContain('TZ="Asia/Taipei"');
    expect(dockerfile).toContain('HF_HOME="/opt/ml-env/cache/huggingface"');
    expect(dockerfile).toContain('chmod 1777 -- /opt/ml-env/cache/matplotlib /opt/ml-env/cache/huggingface');
    expect(dockerfile.trimEnd().endsWith('WORKDIR /code')).toBe(true);
    expect(dockerfile).toMatchSnapshot();
  });

  test('caches can be left out', () => {
    const project = testProject();
    new TrainingImage(project, 'Train', { ngcRelease: '24.05', writableCaches: false });
    const dockerfile = synthFiles(project)['docker/train/Dockerfile'];
    expect(dockerfile).not.toContain('HF_HOME');
    expect(dockerfile).not.toContain('chmod');
  });
});

describe('InferImage', () => {
  test.each([
    [{ cuda: '11.8.0', onnxruntime: '1.18.1' }, 'nvcr.io/nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04'],
    [{ cuda: '12.2.2', onnxruntime: '1.17.3' }, 'nvcr.io/nvidia/cuda:12.2.2-cudnn8-runtime-ubuntu22.04'],
    [{ cuda: '12.3.2', onnxruntime: '1.20.1', flavour: CudaFlavour.DEVEL }, 'nvcr.io/nvidia/cuda:12.3.2-cudnn9-devel-ubuntu22.04'],
    [{ cuda: '12.4.1', onnxruntime: '1.20.1' }, 'nvcr.io/nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04'],
    [{ cuda: '12.6.3', onnxruntime: '1.22.0', os: 'ubuntu24.04' }, 'nvcr.io/nvidia/cuda:12.6.3-cudnn-runtime-ubuntu24.04'],
  ])('%j starts from %s', (props, base) => {
    const project = testProject();
    new InferImage(project, 'Infer', props);
    const dockerfile = synthFiles(project)['docker/infer/Dockerfile'];
    expectValidDockerfile(dockerfile);
    expect(dockerfile).toContain(`ARG BASE_IMAGE="${base}"`);
    expect(dockerfile).toContain(`'onnxruntime-gpu==${props.onnxruntime}'`);
  });

  test('python, pip and the python command come from apt; onnxruntime sits above the user packages', () => {
    const project = testProject();
    new InferImage(project, 'Infer', { cuda: '11.8.0', onnxruntime: '1.18.1', pipPackages: ['shapely'] });
    const dockerfile = synthFiles(project)['docker/infer/Dockerfile'];
    expect(dockerfile).toContain('python-is-python3 python3 python3-pip tzdata');
    expect(dockerfile.indexOf('onnxruntime-gpu')).toBeLessThan(dockerfile.indexOf("'shapely'"));
    expect(dockerfile).toContain("'opencv-python-headless'");
    expect(dockerfile).toMatchSnapshot();
  });

  test('Ubuntu 24.04 lets pip install into the system Python (PEP 668)', () => {
    const project = testProject();
    new InferImage(project, 'Infer', { cuda: '12.6.3', onnxruntime: '1.22.0', os: 'ubuntu24.04' });
    expect(synthFiles(project)['docker/infer/Dockerfile']).toContain('PIP_BREAK_SYSTEM_PACKAGES="1"');
  });
});

describe('preset validation: one line naming the construct, the field, the value and what is allowed', () => {
  test.each([
    ['bad tag', () => new TrainingImage(testProject(), 'Train', { ngcRelease: '24.05', tag: 'has space' }),
      'training image "Train" at "(project)": invalid tag: got "has space"; expected a docker tag'],
    ['bad package specifier', () => new TrainingImage(testProject(), 'Train', { ngcRelease: '24.05', pipPackages: ['Pillow>=10; rm -rf /', '--index-url=x'] }),
      'invalid pipPackages.0: got "Pillow>=10; rm -rf /"; expected a PEP 508 requirement such as "Pillow>=10.0.0" (a package name, optional [extras], version specifiers or "@ url", optional "; marker"); invalid pipPackages.1: got "--index-url=x"'],
    ['empty name', () => new InferImage(testProject(), 'Infer', { cuda: '11.8.0', onnxruntime: '1.18.1', imageName: '' }),
      'infer image "Infer" at "(project)": invalid imageName: got ""; expected a docker image name'],
    ['unknown flavour', () => new InferImage(testProject(), 'Infer', { cuda: '11.8.0', onnxruntime: '1.18.1', flavour: 'tiny' as CudaFlavour }),
      'invalid flavour: got "tiny"; expected CudaFlavour.RUNTIME or CudaFlavour.DEVEL'],
    ['bad ngc release', () => new TrainingImage(testProject(), 'Train', { ngcRelease: '2405' }),
      'invalid ngcRelease: got "2405"; expected an NGC release like "24.05" (YY.MM)'],
    ['bad apt package', () => new TrainingImage(testProject(), 'Train', { ngcRelease: '24.05', aptPackages: ['curl wget'] }),
      'invalid aptPackages.0: got "curl wget"; expected a debian package name'],
    ['bad timezone', () => new TrainingImage(testProject(), 'Train', { ngcRelease: '24.05', timezone: 'Asia/Taipei; id' }),
      'invalid timezone: got "Asia/Taipei; id"; expected an IANA time zone'],
  ])('%s', (_name, make, message) => {
    expect(make).toThrow(message);
    let text = '';
    try { make(); } catch (e) { text = (e as Error).message; }
    expect(text).not.toContain('\n');
    expect(text.charAt(0)).toBe(text.charAt(0).toLowerCase());
  });

  test('version mismatches are reported at synth, together, before any file is written', () => {
    const project = testProject();
    new InferImage(project, 'Old', { cuda: '12.4.1', cudnn: 8, onnxruntime: '1.18.0' });
    new InferImage(project, 'Wrong', { cuda: '11.8.0', onnxruntime: '1.22.0' });
    expect(() => project.synth()).toThrow(/\[Old\] nvidia\/cuda 12\.4\.1 images ship cuDNN 9 only.*\n\[Wrong\] onnxruntime-gpu 1\.22\.0 has no build for CUDA 11/);
    expect(fs.existsSync(path.join(project.outdir, 'docker'))).toBe(false);
  });

  test('the pip specifier rule accepts what PEP 508 allows', () => {
    const ok = ['numpy', 'numpy<2', 'Pillow>=10.0.0', 'torch==2.4.*', 'a.b-c_d', 'pkg[extra1,extra2]>=1,<2',
      'requests ; python_version >= "3.8"', 'pkg @ https://example.invalid/pkg-1.0-py3-none-any.whl', 'x~=1.4.2', 'y===1.0'];
    const project = testProject();
    expect(() => new TrainingImage(project, 'Train', { ngcRelease: '24.05', pipPackages: ok })).not.toThrow();
  });
});
