import { cdk, javascript, JsonFile } from 'projen';

const project = new cdk.JsiiProject({
  name: 'ml-env-constructs',
  description:
    'Constructs that declare GPU machine-learning container environments in code and synthesize their Dockerfiles, entrypoints, build and run scripts.',
  author: 'ml-env-constructs developers',
  authorAddress: 'maintainers@ml-env-constructs.invalid',
  repositoryUrl: 'https://example.invalid/ml-env-constructs.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  jsiiVersion: '~6.0.0',
  // ts-jest 29 supports TypeScript 5 only
  typescriptVersion: '~5.9.0',
  keywords: ['projen', 'constructs', 'docker', 'dockerfile', 'cuda', 'pytorch', 'onnxruntime', 'gpu'],

  // projen construct libraries take projen and constructs as peers (the consumer's copy wins)
  peerDeps: ['projen@>=0.103.0 <1.0.0', 'constructs@^10.5.0'],
  devDeps: [
    '@types/node@^20',
    'projen@0.103.25',
    'dockerfile-ast@0.7.1',
    'dockerfile-utils@0.16.3',
    'fast-check@^3.23.0',
  ],
  // zod is not a jsii module, so jsii requires it bundled; its types never leave src/private
  bundledDeps: ['zod@^3.25.0'],

  // no hosted CI or release machinery here: .ci/run is the CI entry point
  github: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  sampleCode: false,
  docgen: true,

  jestOptions: {
    // snapshot drift must fail the test run, never be rewritten silently
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    coverageText: false,
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
    },
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench'],
  },
});

// file modes in tests and sizes in benchmarks are bit masks and shifts
project.eslint?.addOverride({ files: ['test/**/*.ts', 'bench/**/*.ts'], rules: { 'no-bitwise': 'off' } });

// The README's test command must work on a machine with only Node.js: the tool check installs
// shellcheck from Debian when it is missing and we may (root), and fails loudly otherwise.
const testTask = project.tasks.tryFind('test')!;
testTask.prependExec('node scripts/ensure-test-tools.js');

// The end-to-end tier runs against a real Docker engine (see scripts/e2e/setup.sh).
new JsonFile(project, 'test/e2e/jest.config.json', {
  obj: {
    rootDir: '../..',
    testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
    testTimeout: 900_000,
    maxWorkers: 1,
    transform: { '^.+\\.[t]sx?$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }] },
    reporters: ['default', ['jest-junit', { outputDirectory: 'test-reports', outputName: 'e2e-junit.xml' }]],
  },
});
project.addTask('e2e', {
  description: 'End-to-end tests against a real Docker engine (installs and starts one when missing)',
  steps: [
    { exec: 'bash scripts/e2e/setup.sh' },
    { exec: 'jest --config test/e2e/jest.config.json --runInBand', receiveArgs: true },
  ],
});

// eslint's project service finds a tsconfig per folder: benchmarks and examples get one like the tests'
for (const dir of ['bench', 'examples']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: { extends: '../test/tsconfig.json', include: ['**/*.ts', '**/.projenrc.ts'] },
  });
}

project.addTask('example', {
  description: 'Regenerate the seed environments under examples/docsaidkit and list the files written',
  exec: 'ts-node --project test/tsconfig.json examples/docsaidkit/.projenrc.ts',
});

project.addTask('bench:app-image', {
  description: 'ApplicationImage against a seed-style single-stage image, side by side (needs the e2e engine)',
  steps: [{ exec: 'bash scripts/e2e/setup.sh' }, { exec: 'ts-node --transpile-only bench/app-image/bench.ts' }],
  env: { TS_NODE_PROJECT: 'test/tsconfig.json' },
});
project.addTask('bench:entrypoint-start', {
  description: 'Container start time with 1k/100k/1M workspace files: plain, GosuEntrypoint, naive chown -R (needs the e2e engine)',
  steps: [{ exec: 'bash scripts/e2e/setup.sh' }, { exec: 'ts-node --transpile-only bench/entrypoint-start/run.ts' }],
  env: { TS_NODE_PROJECT: 'test/tsconfig.json' },
});
project.addTask('bench', {
  description: 'Synthesis benchmark: 1, 10, 100 and 1000 images in one process (see BENCHMARKS.md)',
  exec: 'node --expose-gc -r ts-node/register/transpile-only bench/synth.ts',
  env: { TS_NODE_PROJECT: 'test/tsconfig.json' },
});

project.gitignore.exclude('/test/e2e/.state/');
project.npmignore?.exclude('/examples/', '/bench/', '/scripts/', '/.ci/', '/BENCHMARKS.md');

project.synth();
