import { ApplicationImage, ContainerImage, BaseImage, InferImage, TrainingImage } from '../../src';
import { synthFiles, testProject } from '../support/synth';

/** The seed's environments plus an application image built on the inference image. */
function seedProject() {
  const project = testProject();
  new TrainingImage(project, 'Training', { imageName: 'docsaid_training_base_image', ngcRelease: '24.05', timezone: 'Asia/Taipei' });
  const inference = new InferImage(project, 'Inference', {
    imageName: 'docsaid_infer_image',
    cuda: '11.8.0',
    cudnn: 8,
    os: 'ubuntu22.04',
    onnxruntime: '1.18.1',
    timezone: 'Asia/Taipei',
    onnxruntimeStartupCheck: true,
  });
  new ApplicationImage(project, 'DocAligner', { from: inference });
  return project;
}

test('the guide of the seed environments', () => {
  // WHEN
  const guide = synthFiles(seedProject())['docker/README.md'];
  // THEN
  expect(guide).toMatchSnapshot();
});

test('the graph shows each image under the image it is built from', () => {
  const guide = synthFiles(seedProject())['docker/README.md'];
  const graph = guide.slice(guide.indexOf('```mermaid'), guide.indexOf('```', guide.indexOf('```mermaid') + 3) + 3);
  expect(graph).toBe([
    '```mermaid',
    'graph TD',
    '  base1[("nvcr.io/nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04")]',
    '  base2[("nvcr.io/nvidia/pytorch:24.05-py3")]',
    '  image1["docsaid_training_base_image:latest"]',
    '  image2["docsaid_infer_image:latest"]',
    '  image3["docaligner:latest"]',
    '  base2 --> image1',
    '  base1 --> image2',
    '  image2 --> image3',
    '```',
  ].join('\n'));
});

test('each image section has its versions, build script and run script', () => {
  const guide = synthFiles(seedProject())['docker/README.md'];
  const infer = guide.slice(guide.indexOf('## docsaid_infer_image:latest'), guide.indexOf('## docaligner:latest'));
  expect(infer).toContain('| CUDA | 11.8.0 |\n| cuDNN | 8.9.6.50 |\n| onnxruntime-gpu | 1.18.1 |');
  expect(infer).toContain('```bash\ndocker/docsaid_infer_image/build.sh\n```');
  expect(infer).toContain('```bash\ndocker/docsaid_infer_image/run.sh\n```');
  expect(infer).toContain('Start-up check: the container refuses to start when onnxruntime cannot load CUDAExecutionProvider');
});

test('unverified versions and check warnings are marked', () => {
  const project = testProject();
  new TrainingImage(project, 'Train', { ngcRelease: '25.03', pipPackages: ['numpy==2.1.0'] });
  new ContainerImage(project, 'Plain', { baseImage: BaseImage.of('python:3.12-slim'), runScript: false });
  const guide = synthFiles(project)['docker/README.md'];
  expect(guide).toContain('| cuDNN | 9.8.0.87 |');
  expect(guide).toContain('- "numpy==2.1.0" may conflict with /etc/pip/constraint.txt, which pins the preinstalled Python packages of NGC 25.03:');
  expect(guide).toContain('## plain:latest\n\nDockerfile: `docker/plain/Dockerfile`. Built from `python:3.12-slim`.\n\n| Component | Version |\n|---|---|\n| Base image | `python:3.12-slim` |\n');
  expect(guide).toContain('Run it: `docker run --rm -it --gpus all plain:latest`.');
  const train24 = testProject();
  new TrainingImage(train24, 'Train', { ngcRelease: '24.08' });
  expect(synthFiles(train24)['docker/README.md']).toContain('| CUDA | 12.6.0 (indirect source) |\n| cuDNN | 9.3.0 (unverified) |');
});
