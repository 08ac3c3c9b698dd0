import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Project } from 'projen';
import { BaseImage, ContainerImage, InferImage, PrivatePypiInstall, PrivatePypiInstallProps, PypiCredentials } from '../../src';
import { expectValidDockerfile, expectValidScript, parseDockerfile, shellcheck } from '../support/oracles';
import { synthFiles, testProject } from '../support/synth';

const HTTPS = 'https://pypi.internal/simple/';

/** A project with one plain image and the feature on it; returns the synthesized Dockerfile and build.sh. */
function synthOne(props: Partial<PrivatePypiInstallProps> = {}, id = 'Internal') {
  const project = testProject();
  const image = new ContainerImage(project, 'App', { baseImage: BaseImage.of('debian:bookworm') });
  new PrivatePypiInstall(image, id, { indexUrl: HTTPS, packages: ['docaligner'], ...props });
  const files = synthFiles(project);
  const dockerfile = files['docker/app/Dockerfile'];
  const build = files['docker/app/build.sh'];
  expectValidDockerfile(dockerfile);
  expectValidScript(build);
  return { dockerfile, build };
}

/** The lines of the Dockerfile after FROM. */
function body(dockerfile: string): string[] {
  const lines = dockerfile.trimEnd().split('\n');
  return lines.slice(lines.indexOf('FROM ${BASE_IMAGE}') + 1);
}

/** The build.sh lines between the BASE_IMAGE block and the docker build line. */
function scriptLines(build: string): string[] {
  const lines = build.trimEnd().split('\n');
  return lines.slice(lines.indexOf('fi') + 1, -1);
}

describe('RUN line for each credential form', () => {
  test('env (default): a pip config secret, pip reads the credentialed index-url from it', () => {
    // GIVEN / WHEN
    const { dockerfile } = synthOne({ packages: ['docaligner>=0.7', 'fire'] });
    // THEN
    expect(body(dockerfile)).toEqual([
      `# docaligner>=0.7, fire from the private index ${HTTPS} (credentials: $PYPI_USERNAME and $PYPI_PASSWORD)`,
      'RUN --mount=type=cache,target=/root/.cache/pip \\',
      '    --mount=type=secret,id=pypi-internal,target=/run/secrets/pypi-internal,required=true \\',
      "    PIP_CONFIG_FILE=/run/secrets/pypi-internal python -m pip install 'docaligner>=0.7' 'fire'",
    ]);
  });

  test('pip.conf: the same mount, from the file', () => {
    const { dockerfile } = synthOne({ credentials: PypiCredentials.fromPipConf(), python: 'python3' });
    expect(body(dockerfile).slice(1)).toEqual([
      'RUN --mount=type=cache,target=/root/.cache/pip \\',
      '    --mount=type=secret,id=pypi-internal,target=/run/secrets/pypi-internal,required=true \\',
      "    PIP_CONFIG_FILE=/run/secrets/pypi-internal python3 -m pip install 'docaligner'",
    ]);
  });

  test('netrc: NETRC names the mounted file and the index URL is given without credentials', () => {
    const { dockerfile } = synthOne({ credentials: PypiCredentials.fromNetrc(), extraIndexUrls: ['https://mirror.internal/simple/'] });
    expect(body(dockerfile).slice(1)).toEqual([
      'RUN --mount=type=cache,target=/root/.cache/pip \\',
      '    --mount=type=secret,id=pypi-internal,target=/run/secrets/pypi-internal,required=true \\',
      `    NETRC=/run/secrets/pypi-internal python -m pip install --index-url ${HTTPS} --extra-index-url https://mirror.internal/simple/ 'docaligner'`,
    ]);
  });

  test('legacy build args: ARGs and the credentialed URL in the RUN (the seed form)', () => {
    const { dockerfile } = synthOne({ credentials: PypiCredentials.legacyBuildArgs({ usernameVariable: 'PYPI_ACCOUNT' }) });
    expect(body(dockerfile).slice(1)).toEqual([
      'ARG PYPI_ACCOUNT',
      'ARG PYPI_PASSWORD',
      'RUN --mount=type=cache,target=/root/.cache/pip \\',
      '    python -m pip install --index-url "https://${PYPI_ACCOUNT}:${PYPI_PASSWORD}@pypi.internal/simple/" \'docaligner\'',
    ]);
  });

  test('plain http: --trusted-host for exactly the http hosts (with port)', () => {
    const { dockerfile } = synthOne({
      indexUrl: 'http://10.0.0.5:16000/simple',
      extraIndexUrls: ['https://mirror.internal/simple/', 'http://10.0.0.5:16000/other/'],
      credentials: PypiCredentials.fromNetrc(),
    });
    expect(body(dockerfile)[3]).toBe("    NETRC=/run/secrets/pypi-internal python -m pip install --index-url http://10.0.0.5:16000/simple --extra-index-url https://mirror.internal/simple/ --extra-index-url http://10.0.0.5:16000/other/ --trusted-host 10.0.0.5:16000 'docaligner'");
  });

  test('specifiers are always quoted, so ">" never becomes a redirect', () => {
    const { dockerfile } = synthOne({ packages: ["pkg[extra]>=1.0,<2; python_version >= '3.8'"] });
    expect(body(dockerfile)[3]).toBe("    PIP_CONFIG_FILE=/run/secrets/pypi-internal python -m pip install 'pkg[extra]>=1.0,<2; python_version >= '\\''3.8'\\'''");
  });
});

describe('non-root install', () => {
  test('user by name with uid: USER around the RUN, secret and cache owned by the uid', () => {
    const { dockerfile } = synthOne({ user: 'app', uid: 1000, credentials: PypiCredentials.fromPipConf() });
    expect(body(dockerfile).slice(1)).toEqual([
      'USER app',
      'RUN --mount=type=cache,target=/tmp/ml-env-pip-cache,uid=1000 \\',
      '    --mount=type=secret,id=pypi-internal,target=/run/secrets/pypi-internal,required=true,uid=1000 \\',
      "    PIP_CONFIG_FILE=/run/secrets/pypi-internal PIP_CACHE_DIR=/tmp/ml-env-pip-cache python -m pip install 'docaligner'",
      'USER root',
    ]);
  });

  test('numeric user: the uid comes from it', () => {
    const { dockerfile } = synthOne({ user: '1001:1001', credentials: PypiCredentials.fromNetrc() });
    expect(body(dockerfile)[1]).toBe('USER 1001:1001');
    expect(body(dockerfile)[3]).toBe('    --mount=type=secret,id=pypi-internal,target=/run/secrets/pypi-internal,required=true,uid=1001 \\');
  });

  test('uid alone (the build already runs as that user): no USER switch', () => {
    const { dockerfile } = synthOne({ uid: 1000 });
    expect(parseDockerfile(dockerfile).map((i) => i.keyword)).toEqual(['ARG', 'FROM', 'RUN']);
    expect(body(dockerfile)[2]).toContain(',uid=1000 \\');
  });
});

describe('fingerprint', () => {
  test('ARG declared right before the install RUN, after earlier layers', () => {
    // GIVEN an image with an earlier pip layer
    const project = testProject();
    const image = new ContainerImage(project, 'App', { baseImage: BaseImage.of('debian:bookworm'), env: { A: '1' } });
    new PrivatePypiInstall(image, 'Internal', { indexUrl: HTTPS, packages: ['docaligner'], fingerprint: true, user: 'app', uid: 1000 });
    // WHEN
    const files = synthFiles(project);
    // THEN
    const keywords = parseDockerfile(files['docker/app/Dockerfile']).map((i) => `${i.keyword} ${i.args[0]}`);
    expect(keywords).toEqual(['ARG BASE_IMAGE="debian:bookworm"', 'FROM ${BASE_IMAGE}', 'ENV A="1"', 'ARG PYPI_INTERNAL_FINGERPRINT', 'USER app', 'RUN PIP_CONFIG_FILE=/run/secrets/pypi-internal', 'USER root']);
  });

  test('no fingerprint: no ARG and no hash in build.sh', () => {
    const { dockerfile, build } = synthOne();
    expect(dockerfile).not.toContain('FINGERPRINT');
    expect(build).not.toContain('sha256sum');
  });
});

describe('build.sh', () => {
  test('env form: checks both variables, builds the pip config in an exported variable, passes it as an env secret', () => {
    const { build } = synthOne({ fingerprint: true });
    expect(scriptLines(build)).toEqual([
      `# private index ${HTTPS}: credentials from $PYPI_USERNAME and $PYPI_PASSWORD`,
      `[[ -n "\${PYPI_USERNAME:-}" ]] || { echo 'docker/app/build.sh: PYPI_USERNAME is not set: export the account of the private index ${HTTPS} (PypiCredentials.fromEnv)' >&2; exit 1; }`,
      `[[ -n "\${PYPI_PASSWORD:-}" ]] || { echo 'docker/app/build.sh: PYPI_PASSWORD is not set: export the password of the private index ${HTTPS} (PypiCredentials.fromEnv)' >&2; exit 1; }`,
      'ml_env_urlencode() { local LC_ALL=C s="$1" i c out=""; for ((i = 0; i < ${#s}; i++)); do c="${s:i:1}"; case "$c" in [A-Za-z0-9._~-]) out+="$c" ;; *) printf -v c \'%%%02X\' "\'$c"; out+="$c" ;; esac; done; printf \'%s\' "$out"; }',
      'ML_ENV_PYPI_INTERNAL_PIP_CONF="$(printf \'[global]\\nindex-url = %s%s:%s@%s\\n\' https:// "$(ml_env_urlencode "$PYPI_USERNAME")" "$(ml_env_urlencode "$PYPI_PASSWORD")" pypi.internal/simple/)"',
      'export ML_ENV_PYPI_INTERNAL_PIP_CONF',
      'args+=(--secret "id=pypi-internal,env=ML_ENV_PYPI_INTERNAL_PIP_CONF")',
      `ml_env_pypi_internal_fp="$({ printf '%s\\n' ${HTTPS}; printf '%s\\n' "$PYPI_USERNAME" "$PYPI_PASSWORD"; } | sha256sum)"`,
      'args+=(--build-arg "PYPI_INTERNAL_FINGERPRINT=${ml_env_pypi_internal_fp%% *}")',
    ]);
  });

  test('pip.conf form: default file under $HOME, checked readable, passed with src=', () => {
    const { build } = synthOne({ credentials: PypiCredentials.fromPipConf() });
    expect(scriptLines(build)).toEqual([
      `# private index ${HTTPS}: credentials from the pip config ~/.config/pip/pip.conf`,
      'ml_env_pypi_internal_src="$HOME"/.config/pip/pip.conf',
      `[[ -f "$ml_env_pypi_internal_src" && -r "$ml_env_pypi_internal_src" ]] || { echo 'docker/app/build.sh: cannot read the pip config '"$ml_env_pypi_internal_src"' with the credentials of the private index ${HTTPS} (PypiCredentials.fromPipConf)' >&2; exit 1; }`,
      'args+=(--secret "id=pypi-internal,src=$ml_env_pypi_internal_src")',
    ]);
  });

  test('netrc form: paths relative to the project root and absolute paths', () => {
    expect(scriptLines(synthOne({ credentials: PypiCredentials.fromNetrc('secrets/my netrc') }).build)[1]).toBe('ml_env_pypi_internal_src="$root"/\'secrets/my netrc\'');
    expect(scriptLines(synthOne({ credentials: PypiCredentials.fromNetrc('/etc/netrc') }).build)[1]).toBe('ml_env_pypi_internal_src=/etc/netrc');
    expect(scriptLines(synthOne({ credentials: PypiCredentials.fromNetrc() }).build)[1]).toBe('ml_env_pypi_internal_src="$HOME"/.netrc');
  });

  test('legacy form: build args taken from the environment, checked first', () => {
    const { build } = synthOne({ credentials: PypiCredentials.legacyBuildArgs() });
    expect(scriptLines(build).slice(3)).toEqual(['args+=(--build-arg PYPI_USERNAME --build-arg PYPI_PASSWORD)']);
  });

  test('two installs share one urlencode function and keep their own secrets', () => {
    const project = testProject();
    const image = new ContainerImage(project, 'App', { baseImage: BaseImage.of('debian:bookworm') });
    new PrivatePypiInstall(image, 'A', { indexUrl: HTTPS, packages: ['a'] });
    new PrivatePypiInstall(image, 'B', { indexUrl: 'https://other.internal/simple/', packages: ['b'], credentials: PypiCredentials.fromEnv({ usernameVariable: 'B_USER', passwordVariable: 'B_TOKEN' }) });
    const build = synthFiles(project)['docker/app/build.sh'];
    expectValidScript(build);
    expect(build.match(/^ml_env_urlencode\(\)/gm)).toHaveLength(1);
    expect(build).toContain('args+=(--secret "id=pypi-a,env=ML_ENV_PYPI_A_PIP_CONF")');
    expect(build).toContain('args+=(--secret "id=pypi-b,env=ML_ENV_PYPI_B_PIP_CONF")');
  });

  test('default secret id and fingerprint arg come from the construct id in kebab case', () => {
    const { dockerfile, build } = synthOne({ fingerprint: true }, 'InternalPypi');
    expect(body(dockerfile)[1]).toBe('ARG PYPI_INTERNAL_PYPI_FINGERPRINT');
    expect(body(dockerfile)[3]).toBe('    --mount=type=secret,id=pypi-internal-pypi,target=/run/secrets/pypi-internal-pypi,required=true \\');
    expect(build).toContain('args+=(--secret "id=pypi-internal-pypi,env=ML_ENV_PYPI_INTERNAL_PYPI_PIP_CONF")');
    expect(build).toContain('args+=(--build-arg "PYPI_INTERNAL_PYPI_FINGERPRINT=${ml_env_pypi_internal_pypi_fp%% *}")');
  });

  test('the shellcheck oracle catches an unquoted secret path (it can fail)', () => {
    const { build } = synthOne({ credentials: PypiCredentials.fromPipConf() });
    const broken = build.replace('[[ -f "$ml_env_pypi_internal_src"', 'cat $ml_env_pypi_internal_src; [[ -f "$ml_env_pypi_internal_src"');
    expect(shellcheck(broken)).toMatch(/SC2086/);
  });
});

describe('build.sh run with a fake docker client', () => {
  /** Runs the synthesized build.sh with DOCKER pointing at a script that records its argv and the env secret. */
  function runBuild(props: Partial<PrivatePypiInstallProps>, env: Record<string, string>) {
    const project = testProject();
    const image = new ContainerImage(project, 'App', { baseImage: BaseImage.of('debian:bookworm') });
    new PrivatePypiInstall(image, 'Internal', { indexUrl: 'http://127.0.0.1:8080/simple/', packages: ['docaligner'], ...props });
    project.synth();
    const dir = project.outdir;
    const fake = path.join(dir, 'fake-docker.sh');
    fs.writeFileSync(fake, '#!/usr/bin/env bash\nprintf \'%s\\n\' "$@" > "$FAKE_OUT/argv"\nprintf \'%s\' "${ML_ENV_PYPI_INTERNAL_PIP_CONF:-}" > "$FAKE_OUT/conf"\n', { mode: 0o755 });
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-env-home-'));
    const result = spawnSync('bash', [path.join(dir, 'docker/app/build.sh')], {
      encoding: 'utf-8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, DOCKER: fake, FAKE_OUT: dir, ...env },
    });
    const read = (f: string) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf-8') : undefined);
    const out = { status: result.status, stderr: result.stderr, argv: read('argv')?.trimEnd().split('\n'), conf: read('conf'), home };
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
    return out;
  }

  test('missing password variable: exits 1 before docker runs, naming the variable', () => {
    const r = runBuild({}, { PYPI_USERNAME: 'bob' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('docker/app/build.sh: PYPI_PASSWORD is not set: export the password of the private index http://127.0.0.1:8080/simple/ (PypiCredentials.fromEnv)\n');
    expect(r.argv).toBeUndefined();
  });

  test('env form: the secret holds a pip config with percent-encoded credentials; the fingerprint is their sha256, not the password', () => {
    const password = 'p@ss:w/rd é"\'$x';
    const r = runBuild({ fingerprint: true }, { PYPI_USERNAME: 'bob', PYPI_PASSWORD: password });
    expect(r.status).toBe(0);
    expect(r.conf).toBe(`[global]\nindex-url = http://bob:${encodeURIComponent(password).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}@127.0.0.1:8080/simple/`);
    const fp = crypto.createHash('sha256').update(`http://127.0.0.1:8080/simple/\nbob\n${password}\n`).digest('hex');
    expect(r.argv).toContain(`PYPI_INTERNAL_FINGERPRINT=${fp}`);
    expect(r.argv!.join('\n')).not.toContain(password);
    expect(r.argv).toContain('id=pypi-internal,env=ML_ENV_PYPI_INTERNAL_PIP_CONF');
  });

  test('pip.conf form: a missing file fails naming it; an existing one is passed with src=', () => {
    const missing = runBuild({ credentials: PypiCredentials.fromPipConf() }, {});
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(`docker/app/build.sh: cannot read the pip config ${missing.home}/.config/pip/pip.conf with the credentials of the private index http://127.0.0.1:8080/simple/ (PypiCredentials.fromPipConf)\n`);
    const conf = path.join(os.tmpdir(), `ml-env-pipconf-${process.pid}`);
    fs.writeFileSync(conf, '[global]\nindex-url = http://bob:pw@127.0.0.1:8080/simple/\n');
    try {
      const ok = runBuild({ credentials: PypiCredentials.fromPipConf(conf), fingerprint: true }, {});
      expect(ok.status).toBe(0);
      expect(ok.argv).toContain(`id=pypi-internal,src=${conf}`);
      const fp = crypto.createHash('sha256').update(`http://127.0.0.1:8080/simple/\n${fs.readFileSync(conf, 'utf-8')}`).digest('hex');
      expect(ok.argv).toContain(`PYPI_INTERNAL_FINGERPRINT=${fp}`);
    } finally {
      fs.rmSync(conf, { force: true });
    }
  });
});

describe('validation', () => {
  const make = (props: Partial<PrivatePypiInstallProps>) => () => {
    const project = testProject();
    const image = new ContainerImage(project, 'App', { baseImage: BaseImage.of('debian:bookworm') });
    new PrivatePypiInstall(image, 'Internal', { indexUrl: HTTPS, packages: ['docaligner'], ...props });
  };

  test('credentials in the index URL are rejected with a pointer to credentials', () => {
    expect(make({ indexUrl: 'http://bob:secret@10.0.0.5:16000/simple' })).toThrow(
      'private pypi install at "App/Internal": invalid indexUrl: got "http://bob:secret@10.0.0.5:16000/simple"; expected an index URL without credentials (user:password@); give them with credentials, such as PypiCredentials.fromPipConf() or PypiCredentials.fromEnv()',
    );
    expect(make({ extraIndexUrls: ['https://token@x.internal/simple'] })).toThrow('invalid extraIndexUrls.0: got "https://token@x.internal/simple"; expected an index URL without credentials');
  });

  test('other bad URLs', () => {
    expect(make({ indexUrl: 'ftp://pypi.internal/simple' })).toThrow('expected an http(s) URL');
    expect(make({ indexUrl: 'https://pypi.internal/$(id)' })).toThrow('expected an http(s) URL');
    expect(make({ indexUrl: 'https://pypi.internal/a b' })).toThrow('expected an http(s) URL');
  });

  test('bad specifier, no packages, bad python, bad secret id', () => {
    expect(make({ packages: ['docaligner; rm -rf /\n'] })).toThrow('invalid packages.0');
    expect(make({ packages: ['$(id)'] })).toThrow('expected a PEP 508 requirement');
    expect(make({ packages: [] })).toThrow('invalid packages: got []; expected at least one package');
    expect(make({ python: 'python; id' })).toThrow('invalid python');
    expect(make({ secretId: 'A,B' })).toThrow('invalid secretId');
  });

  test('a user name needs a uid', () => {
    expect(make({ user: 'app' })).toThrow('invalid uid: got nothing; expected uid too when user is a name');
    expect(make({ user: '1000abc' })).toThrow('invalid uid');
    expect(make({ uid: -1 })).toThrow('invalid uid');
  });

  test('credentials factories check their arguments', () => {
    expect(() => PypiCredentials.fromEnv({ usernameVariable: 'MY-USER' })).toThrow('pypi credentials: invalid usernameVariable: got "MY-USER"');
    expect(() => PypiCredentials.fromEnv({ usernameVariable: 'X', passwordVariable: 'X' })).toThrow('are both "X"');
    expect(() => PypiCredentials.fromPipConf('~/pip.conf"; id; "')).toThrow('pypi credentials: invalid path');
    expect(() => PypiCredentials.fromNetrc('a,b')).toThrow('pypi credentials: invalid path');
  });

  test('two installs with the same secret id on one image: one validation error at synth', () => {
    const project = testProject();
    const image = new ContainerImage(project, 'App', { baseImage: BaseImage.of('debian:bookworm') });
    new PrivatePypiInstall(image, 'A', { indexUrl: HTTPS, packages: ['a'], secretId: 'pypi' });
    new PrivatePypiInstall(image, 'B', { indexUrl: HTTPS, packages: ['b'], secretId: 'pypi' });
    expect(() => project.synth()).toThrow('invalid environment (1 problem):\n[App/B] secret id "pypi" is also used by App/A; give each PrivatePypiInstall its own secretId');
  });
});

describe('synth-time warnings', () => {
  function warnings(props: Partial<PrivatePypiInstallProps>): string[] {
    const project = new Project({ name: 'w', outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'ml-env-w-')) });
    const spy = jest.spyOn(project.logger, 'warn').mockImplementation(() => undefined);
    const image = new ContainerImage(project, 'App', { baseImage: BaseImage.of('debian:bookworm') });
    new PrivatePypiInstall(image, 'Internal', { indexUrl: HTTPS, packages: ['docaligner'], ...props });
    fs.rmSync(project.outdir, { recursive: true, force: true });
    return spy.mock.calls.map((c) => c.join(' '));
  }

  test('https with a secret: no warning', () => {
    expect(warnings({ credentials: PypiCredentials.fromPipConf() })).toEqual([]);
  });

  test('plain http: credentials in clear text', () => {
    expect(warnings({ indexUrl: 'http://10.0.0.5:16000/simple' })).toEqual([
      'private pypi install at "App/Internal": http://10.0.0.5:16000/simple is plain http: the credentials cross the network in clear text and --trusted-host turns off TLS checks for it; use https',
    ]);
  });

  test('legacy build args: names the leak', () => {
    expect(warnings({ credentials: PypiCredentials.legacyBuildArgs() })).toEqual([
      'private pypi install at "App/Internal": legacy build-arg credentials LEAK: PYPI_USERNAME and PYPI_PASSWORD are stored in the image history ("docker history --no-trunc" shows them) for anyone who pulls app:latest; use PypiCredentials.fromEnv, fromPipConf or fromNetrc (BuildKit secrets)',
    ]);
  });
});

describe('images it attaches to', () => {
  test('a preset and an image derived from it; packages added later join the same RUN', () => {
    // GIVEN
    const project = testProject();
    const infer = new InferImage(project, 'Infer', { cuda: '11.8.0', onnxruntime: '1.18.1' });
    const app = new ContainerImage(project, 'DocAligner', { baseImage: BaseImage.fromImage(infer) });
    new PrivatePypiInstall(infer, 'Internal', { indexUrl: HTTPS, packages: ['docsaidkit'] });
    const onApp = new PrivatePypiInstall(app, 'Internal', { indexUrl: HTTPS, packages: ['docaligner'], credentials: PypiCredentials.fromPipConf() });
    onApp.addPackages('capybara-docsaid==0.1.0');
    expect(onApp.packages).toEqual(['docaligner', 'capybara-docsaid==0.1.0']);
    // WHEN
    const files = synthFiles(project);
    // THEN
    for (const name of ['infer', 'docaligner']) {
      expectValidDockerfile(files[`docker/${name}/Dockerfile`]);
      expectValidScript(files[`docker/${name}/build.sh`]);
    }
    // on the preset, the install comes after the preset's own Python layers (framework phase)
    const inferRuns = parseDockerfile(files['docker/infer/Dockerfile']).filter((i) => i.keyword === 'RUN').map((i) => i.args.join(' '));
    const privateRun = inferRuns.findIndex((r) => r.includes("PIP_CONFIG_FILE=/run/secrets/pypi-internal python -m pip install 'docsaidkit'"));
    const frameworkRun = inferRuns.findIndex((r) => r.includes('onnxruntime-gpu'));
    expect(frameworkRun).toBeGreaterThanOrEqual(0);
    expect(privateRun).toBeGreaterThan(frameworkRun);
    expect(body(files['docker/docaligner/Dockerfile'])[3]).toBe("    PIP_CONFIG_FILE=/run/secrets/pypi-internal python -m pip install 'docaligner' 'capybara-docsaid==0.1.0'");
    // each image's build.sh passes only its own secret
    expect(files['docker/infer/build.sh']).toContain('args+=(--secret "id=pypi-internal,env=ML_ENV_PYPI_INTERNAL_PIP_CONF")');
    expect(files['docker/docaligner/build.sh']).not.toContain('env=ML_ENV_PYPI_INTERNAL_PIP_CONF');
    expect(files['docker/docaligner/build.sh']).toContain('args+=(--secret "id=pypi-internal,src=$ml_env_pypi_internal_src")');
  });
});
