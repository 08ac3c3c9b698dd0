import { AptPackages } from '../../src/features/apt-packages';
import { BaseImage } from '../../src/images/base-image';
import { ContainerImage } from '../../src/images/container-image';
import { expectValidDockerfile } from '../support/oracles';
import { synthFiles, testProject } from '../support/synth';

function body(props: { packages: string[]; installRecommends?: boolean; cacheMounts?: boolean }): string {
  const project = testProject();
  const image = new ContainerImage(project, 'App', { baseImage: BaseImage.of('debian:bookworm') });
  new AptPackages(image, 'System', props);
  const dockerfile = synthFiles(project)['docker/app/Dockerfile'];
  expectValidDockerfile(dockerfile);
  return dockerfile.split('FROM ${BASE_IMAGE}\n')[1];
}

test('cache mounts (default): lists and downloads in locked caches, downloads outside docker-clean\'s reach, sorted packages', () => {
  expect(body({ packages: ['git', 'ffmpeg', 'git', 'libgl1=1.6.0-1'] })).toBe([
    'RUN --mount=type=cache,id=ml-env-apt-lists,target=/var/lib/apt/lists,sharing=locked \\',
    '    --mount=type=cache,id=ml-env-apt-archives,target=/var/cache/ml-env/apt-archives,sharing=locked \\',
    '    apt-get update && \\',
    '    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -o Dir::Cache::Archives=/var/cache/ml-env/apt-archives ffmpeg git libgl1=1.6.0-1',
    '',
  ].join('\n'));
});

test('without cache mounts: the lists are removed in the same layer; recommends on request', () => {
  expect(body({ packages: ['git'], cacheMounts: false, installRecommends: true })).toBe([
    'RUN apt-get update && \\',
    '    DEBIAN_FRONTEND=noninteractive apt-get install -y git && \\',
    '    rm -rf /var/lib/apt/lists/*',
    '',
  ].join('\n'));
});

test('a package name that is not one fails', () => {
  const image = new ContainerImage(testProject(), 'App', { baseImage: BaseImage.of('debian:bookworm') });
  expect(() => new AptPackages(image, 'Bad', { packages: ['git && curl x|sh'] })).toThrow('invalid packages.0: got "git && curl x|sh"');
});
