import { Command } from '../../src/dockerfile/command';
import { AptPackages } from '../../src/features/apt-packages';
import { ApplicationImage, ApplicationImageProps } from '../../src/images/application-image';
import { BaseImage } from '../../src/images/base-image';
import { ContainerImage } from '../../src/images/container-image';
import { expectValidDockerfile, expectValidScript } from '../support/oracles';
import { synthFiles, testProject } from '../support/synth';

function withBase() {
  const project = testProject();
  const base = new ContainerImage(project, 'Infer', { baseImage: BaseImage.of('nvcr.io/nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04'), imageName: 'docsaid_infer_image' });
  new AptPackages(base, 'Python', { packages: ['python3'] });
  return { project, base };
}

describe('from an image of the project', () => {
  test('the tag is derived, and the Dockerfile has the options and the provenance', () => {
    // GIVEN
    const { project, base } = withBase();
    // WHEN
    new ApplicationImage(project, 'DocAligner', {
      from: base,
      workdir: '/code',
      env: { MODEL_DIR: '/opt/models' },
      labels: { team: 'vision' },
      command: Command.exec(['python', '-m', 'docaligner']),
      source: 'https://github.com/DocsaidLab/DocAligner',
    });
    const files = synthFiles(project);
    // THEN
    const dockerfile = files['docker/docaligner/Dockerfile'];
    expectValidDockerfile(dockerfile);
    expect(dockerfile.split('\n').slice(2)).toEqual([
      'ARG BASE_IMAGE="docsaid_infer_image:latest"',
      '',
      'FROM ${BASE_IMAGE}',
      'ENV MODEL_DIR="/opt/models"',
      'LABEL team="vision"',
      'LABEL org.opencontainers.image.title="docaligner" \\',
      '    org.opencontainers.image.base.name="docsaid_infer_image:latest" \\',
      '    org.opencontainers.image.source="https://github.com/DocsaidLab/DocAligner"',
      'COPY docker/docaligner/image.json /etc/ml-env/image.json',
      'WORKDIR /code',
      'CMD ["python", "-m", "docaligner"]',
      '',
    ]);
    expect(JSON.parse(files['docker/docaligner/image.json'])).toMatchObject({ image: 'docaligner:latest', base: 'docsaid_infer_image:latest', baseIsProjectImage: true, features: [] });
  });

  test('its build script builds the base first, and build-all orders them', () => {
    const { project, base } = withBase();
    // declared before the base's own features are complete: order comes from the reference, not the declaration
    const app = new ApplicationImage(project, 'App', { from: base });
    expect(app.from).toBe(base);
    expect(app.baseImage.image).toBe(base);
    const files = synthFiles(project);
    const build = files['docker/app/build.sh'];
    expectValidScript(build);
    expect(build).toContain('  env -u BASE_IMAGE "$root/docker/docsaid_infer_image/build.sh"\n');
    const all = files['docker/build-all.sh'];
    expect(all.indexOf('docsaid_infer_image/build.sh')).toBeLessThan(all.indexOf('docker/app/build.sh'));
    expect(all.indexOf('docsaid_infer_image/build.sh')).toBeGreaterThan(0);
  });
});

describe('from any image reference', () => {
  test('the reference is the default BASE_IMAGE; provenance can be turned off', () => {
    const project = testProject();
    const app = new ApplicationImage(project, 'App', { fromReference: 'registry.example.com:5000/team/infer:1.2', provenance: false });
    const files = synthFiles(project);
    expect(app.provenance).toBeUndefined();
    expect(files['docker/app/Dockerfile'].split('\n').slice(2)).toEqual(['ARG BASE_IMAGE="registry.example.com:5000/team/infer:1.2"', '', 'FROM ${BASE_IMAGE}', '']);
    expect(files['docker/app/image.json']).toBeUndefined();
    expect(files['docker/app/build.sh']).not.toContain('git -C');
  });
});

describe('validation', () => {
  const other = new ContainerImage(testProject(), 'Other', { baseImage: BaseImage.of('debian:bookworm') });
  test.each<[string, Partial<ApplicationImageProps>, string]>([
    ['neither from nor fromReference', {}, 'invalid from: got nothing; expected exactly one of from (an image of this project) and fromReference (an image reference string)'],
    ['both', { from: other, fromReference: 'debian:bookworm' }, 'expected exactly one of from'],
    ['a bad reference', { fromReference: 'Debian:Bookworm' }, 'invalid fromReference: got "Debian:Bookworm"; expected a docker image reference'],
    ['a string as from', { from: 'debian:bookworm' as unknown as ContainerImage }, 'invalid from: got "debian:bookworm"; expected an image of this project'],
    ['a bad image name', { fromReference: 'debian', imageName: 'App Image' }, 'invalid imageName: got "App Image"'],
  ])('%s', (_what, props, message) => {
    expect(() => new ApplicationImage(testProject(), 'App', props as ApplicationImageProps)).toThrow(message);
    expect(() => new ApplicationImage(testProject(), 'App', props as ApplicationImageProps)).toThrow(/^application image "App" at /);
  });
});
