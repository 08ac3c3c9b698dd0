import { Component } from 'projen';
import { z } from 'zod';
import * as schemas from '../compat/schemas';
import type { ContainerImage } from '../images/container-image';
import { GeneratedFile } from '../private/generated-file';
import { shellQuote } from '../private/quote';
import { checkProps } from '../private/validate';
import { ShellScript } from '../shell/shell-script';

/** Flags a run script passes for the kind of work the container does. */
export enum RunProfile {
  /** NVIDIA's flags for its PyTorch container: `--ipc=host --ulimit memlock=-1 --ulimit stack=67108864`. */
  TRAINING = 'training',
  /** A modest shared memory (`--shm-size=1g`) and no host IPC namespace. */
  INFERENCE = 'inference',
  /** No profile flags. */
  NONE = 'none',
}

/** A host folder or file mounted into the container. */
export interface RunMount {
  /** Path on the host; a relative path is resolved from the directory run.sh is called in. */
  readonly hostPath: string;
  /** Absolute path in the container. */
  readonly containerPath: string;
  /**
   * Mount read-only.
   * @default false
   */
  readonly readOnly?: boolean;
}

/** Props of a RunScript. */
export interface RunScriptProps {
  /**
   * Value of `--gpus` ("all", "2", "\"device=0,1\""); "none" runs without GPUs. `GPUS=<value>`
   * overrides it at run time.
   * @default "all"
   */
  readonly gpus?: string;
  /**
   * When the host has no NVIDIA runtime (none in `docker info`, no `nvidia-smi`), print a
   * message on stderr and run on CPU instead of letting docker fail.
   * @default false
   */
  readonly cpuFallback?: boolean;
  /**
   * Profile flags.
   * @default - TRAINING for images built on NVIDIA's PyTorch container (directly or through project
   * images), INFERENCE on NVIDIA's CUDA images, NONE otherwise
   */
  readonly profile?: RunProfile;
  /**
   * Shared memory size (`--shm-size`), such as "16g"; replaces `--ipc=host` in the training profile.
   * @default - the profile's
   */
  readonly shmSize?: string;
  /**
   * Mount the current directory at the workspace path and start there.
   * @default true
   */
  readonly mountWorkspace?: boolean;
  /**
   * Where the current directory is mounted.
   * @default - the image's working directory (or the one it inherits from a project image), else "/workspace"
   */
  readonly workspacePath?: string;
  /**
   * More bind mounts.
   * @default - none
   */
  readonly mounts?: RunMount[];
  /**
   * Environment variables set in the container (written into run.sh: no secrets here).
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * Environment variables passed through from the caller's environment when set (tokens).
   * @default - none
   */
  readonly passEnv?: string[];
  /**
   * Published ports, as `docker run --publish` takes them ("8080:80", "127.0.0.1:8888:8888").
   * @default - none
   */
  readonly ports?: string[];
  /**
   * Run docker's init as PID 1, so that a command without a SIGTERM handler (a Python script)
   * still stops on `docker stop` and zombie workers are reaped.
   * @default true
   */
  readonly init?: boolean;
  /**
   * More `docker run` options, one word each (`["--network", "host"]`).
   * @default - none
   */
  readonly extraArgs?: string[];
  /**
   * File name of the script in the image's folder.
   * @default "run.sh"
   */
  readonly fileName?: string;
}

const oneWord = z.string().min(1, 'expected a non-empty word').regex(/^[^\r\n\0]*$/, 'expected a word without newlines');
const mountSchema = z.object({
  hostPath: oneWord,
  containerPath: schemas.absolutePath,
  readOnly: z.boolean().optional(),
}).strict();
const shmSize = z.string().regex(/^[1-9][0-9]*[bkmgBKMG]?$/, 'expected a size such as "8g" or "512m"');
const port = z.string().regex(/^(?:(?:\d{1,3}\.){3}\d{1,3}:)?(?:\d{1,5}(?:-\d{1,5})?:)?\d{1,5}(?:-\d{1,5})?(?:\/(?:tcp|udp|sctp))?$/,
  'expected a port mapping such as "8080:80" or "127.0.0.1:8888:8888/tcp"');

const schema = z.object({
  gpus: z.string().regex(/^[A-Za-z0-9=,":._-]+$/, 'expected a --gpus value such as "all", "2" or "\\"device=0,1\\"", or "none"').optional(),
  cpuFallback: z.boolean().optional(),
  profile: z.nativeEnum(RunProfile, { errorMap: () => ({ message: 'expected RunProfile.TRAINING, INFERENCE or NONE' }) }).optional(),
  shmSize: shmSize.optional(),
  mountWorkspace: z.boolean().optional(),
  workspacePath: schemas.absolutePath.optional(),
  mounts: z.array(mountSchema).optional(),
  env: schemas.envMap.optional(),
  passEnv: z.array(schemas.envName).optional(),
  ports: z.array(port).optional(),
  init: z.boolean().optional(),
  extraArgs: z.array(oneWord).optional(),
  fileName: z.string().regex(/^[A-Za-z0-9_.-]+\.sh$/, 'expected a file name ending in ".sh"').optional(),
});

/**
 * `docker/<image>/run.sh`: `docker run --rm` of the image with the current directory mounted at
 * the working directory (quoted: paths with spaces work), GPUs, the profile's flags, and the
 * run flags of the image's features (a GosuEntrypoint passes `USER_ID`/`GROUP_ID`). `-i`/`-t` only
 * when stdin/stdout are terminals, so CI and pipes work. Arguments are the command.
 *
 * Environment it reads: `GPUS`, `DOCKER_RUN_ARGS` (more options, split on whitespace), `DOCKER`.
 * Every ContainerImage makes one (opt out with `runScript: false`); a projen task
 * `docker:run:<folder>` runs it.
 *
 * @example
 * new RunScript(image, 'Serve', { fileName: 'serve.sh', ports: ['8080:8080'], gpus: 'none' });
 */
export class RunScript extends Component {
  /** Path of the script, relative to the project root. */
  public readonly path: string;
  private readonly image: ContainerImage;
  private readonly props: RunScriptProps;
  private readonly mounts: RunMount[];
  private readonly env: { [name: string]: string };
  private readonly ports: string[];
  private readonly extraArgs: string[];

  public constructor(image: ContainerImage, id: string, props: RunScriptProps = {}) {
    super(image, id);
    checkProps(this, 'run script', schema, props);
    this.image = image;
    this.props = props;
    this.mounts = [...(props.mounts ?? [])];
    this.env = { ...props.env };
    this.ports = [...(props.ports ?? [])];
    this.extraArgs = [...(props.extraArgs ?? [])];
    const fileName = props.fileName ?? 'run.sh';
    this.path = `${image.directory}/${fileName}`;
    new GeneratedFile(this, this.path, { executable: true, render: (marker) => this.render(marker) });
    const suffix = fileName === 'run.sh' ? '' : `:${fileName.replace(/\.sh$/, '')}`;
    this.project.addTask(`docker:run:${image.directory.split('/').pop()}${suffix}`, {
      description: `Run the ${image.imageRef} image with the current directory mounted (arguments are the command)`,
      exec: this.path,
      receiveArgs: true,
    });
  }

  /** Adds a bind mount. */
  public addMount(mount: RunMount): void {
    checkProps(this, 'run script', z.object({ mounts: z.array(mountSchema) }), { mounts: [mount] });
    this.mounts.push(mount);
  }

  /** Sets an environment variable in the container. */
  public addEnv(name: string, value: string): void {
    checkProps(this, 'run script', z.object({ env: schemas.envMap }), { env: { [name]: value } });
    this.env[name] = value;
  }

  /** Publishes a port ("8080:80"). */
  public addPort(mapping: string): void {
    checkProps(this, 'run script', z.object({ ports: z.array(port) }), { ports: [mapping] });
    this.ports.push(mapping);
  }

  /** Adds `docker run` options, one word each. */
  public addArgs(...args: string[]): void {
    checkProps(this, 'run script', z.object({ extraArgs: z.array(oneWord) }), { extraArgs: args });
    this.extraArgs.push(...args);
  }

  /** The profile in effect: the one given, or the one the image's base implies. */
  public get profile(): RunProfile {
    return this.props.profile ?? defaultProfile(this.image);
  }

  private render(marker: string | undefined): string {
    const p = this.props;
    const image = this.image;
    const build = image.synthesizeBuild();
    const workspace = p.workspacePath ?? inheritedWorkdir(image) ?? '/workspace';
    const mountWorkspace = p.mountWorkspace ?? true;
    const s = new ShellScript();
    s.addComment([
      `Runs ${image.imageRef}${mountWorkspace ? ` with the current directory mounted at ${workspace}` : ''}; arguments are the command.`,
      `Usage: ${this.path} [command args...]`,
      `  GPUS=<value>            value of --gpus (default ${this.props.gpus ?? 'all'}; "none": no GPUs)`,
      '  DOCKER_RUN_ARGS=<opts>  more docker run options, split on whitespace ("--network none --name x")',
      '  DOCKER=<path>           the docker client to use',
    ].join('\n'));
    s.addBlank();
    s.addComment('the value of a --mount option: its fields are CSV, so paths are quoted with "" doubled');
    s.addFunction('bind_mount').addLines('printf \'type=bind,"source=%s","target=%s"%s\' "${1//\\"/\\"\\"}" "${2//\\"/\\"\\"}" "${3:-}"');
    s.addBlank();
    s.addLines(`args=(--rm${(p.init ?? true) ? ' --init' : ''})`);
    s.addComment('a terminal only when there is one, so that CI jobs and pipes work');
    s.addBlock('if [[ -t 0 ]]; then', 'fi').addLines('args+=(--interactive)', 'if [[ -t 1 ]]; then', '  args+=(--tty)', 'fi');
    this.renderGpus(s);
    const profileFlags = this.profileFlags();
    if (profileFlags.length > 0) s.addLines(`args+=(${profileFlags.join(' ')})`);
    if (mountWorkspace) {
      s.addLines(`args+=(--mount "$(bind_mount "$PWD" ${shellQuote(workspace)})" --workdir ${shellQuote(workspace)})`);
    }
    for (const m of this.mounts) {
      const host = m.hostPath.startsWith('/') ? shellQuote(m.hostPath) : `"$PWD"/${shellQuote(m.hostPath)}`;
      s.addLines(`args+=(--mount "$(bind_mount ${host} ${shellQuote(m.containerPath)}${m.readOnly ? ' ,readonly' : ''})")`);
    }
    for (const [name, value] of Object.entries(this.env)) s.addLines(`args+=(--env ${shellQuote(`${name}=${value}`)})`);
    for (const name of p.passEnv ?? []) {
      s.addLines(`if [[ -n \${${name}+set} ]]; then args+=(--env ${name}); fi`);
    }
    for (const mapping of this.ports) s.addLines(`args+=(--publish ${shellQuote(mapping)})`);
    if (this.extraArgs.length > 0) s.addLines(`args+=(${this.extraArgs.map(shellQuote).join(' ')})`);
    for (const flag of build.runFlags) s.addLines(`args+=(${flag.map(shellQuote).join(' ')})`);
    s.addLines(...build.runScriptLines);
    s.addBlock('if [[ -n ${DOCKER_RUN_ARGS:-} ]]; then', 'fi')
      .addLines('read -r -a extra <<< "$DOCKER_RUN_ARGS"', 'args+=("${extra[@]}")');
    s.addLines(`exec "\${DOCKER:-docker}" run "\${args[@]}" ${shellQuote(image.imageRef)} "$@"`);
    return s.render(marker);
  }

  private renderGpus(s: ShellScript): void {
    s.addLines(`default_gpus=${shellQuote(this.props.gpus ?? 'all')}`, 'gpus="${GPUS-$default_gpus}"');
    const block = s.addBlock('if [[ -n $gpus && $gpus != none ]]; then', 'fi');
    if (!(this.props.cpuFallback ?? false)) {
      block.addLines('args+=(--gpus "$gpus")');
      return;
    }
    block.addLines(
      '# --gpus needs the NVIDIA container runtime (or its hook and a driver) on the docker host',
      'runtimes="$("${DOCKER:-docker}" info --format \'{{json .Runtimes}}\' 2>/dev/null || true)"',
      'if [[ $runtimes == *\'"nvidia"\'* ]] || command -v nvidia-smi >/dev/null 2>&1; then',
      '  args+=(--gpus "$gpus")',
      'else',
      '  printf \'%s: no NVIDIA runtime on this host (none in docker info, no nvidia-smi): running on CPU\\n\' "${0##*/}" >&2',
      'fi',
    );
  }

  private profileFlags(): string[] {
    const shm = this.props.shmSize;
    switch (this.profile) {
      case RunProfile.TRAINING:
        return [shm ? `--shm-size=${shm}` : '--ipc=host', '--ulimit', 'memlock=-1', '--ulimit', 'stack=67108864'];
      case RunProfile.INFERENCE:
        return [`--shm-size=${shm ?? '1g'}`];
      default:
        return shm ? [`--shm-size=${shm}`] : [];
    }
  }
}

/** NVIDIA recommends the training flags for its PyTorch container; its CUDA images get the inference ones. */
function defaultProfile(image: ContainerImage): RunProfile {
  let current = image;
  while (current.baseImage.image) current = current.baseImage.image;
  const ref = current.baseImage.reference;
  if (ref.startsWith('nvcr.io/nvidia/pytorch:')) return RunProfile.TRAINING;
  if (ref.startsWith('nvcr.io/nvidia/cuda:')) return RunProfile.INFERENCE;
  return RunProfile.NONE;
}

/** The working directory a container of the image starts in, as far as the project declares it. */
function inheritedWorkdir(image: ContainerImage): string | undefined {
  for (let current: ContainerImage | undefined = image; current; current = current.baseImage.image) {
    if (current.workdir) return current.workdir;
  }
  return undefined;
}
