import { IConstruct } from 'constructs';
import { z } from 'zod';
import { aptInstallRun } from './apt-packages';
import { ENTRYPOINT_PATH, renderEntrypointScript } from './entrypoint-script';
import { writableDirectoryCommands } from './writable-directories';
import * as schemas from '../compat/schemas';
import { Command } from '../dockerfile/command';
import type { ImageBuild } from '../images/image-build';
import { FeaturePhase, ImageFeature } from '../images/image-feature';
import { GeneratedFile } from '../private/generated-file';
import { checkProps } from '../private/validate';

/** Props of GosuEntrypoint. */
export interface GosuEntrypointProps {
  /**
   * Directories inside the image the mapped user must be able to write (a model-download folder
   * inside site-packages, caches). Made mode 1777 at build time, the directories only (never
   * their contents), and made again at start only if missing.
   * @default - none
   */
  readonly writablePaths?: string[];
  /**
   * The variable that holds the uid to run as.
   * @default "USER_ID"
   */
  readonly userIdVariable?: string;
  /**
   * The variable that holds the gid to run as (the uid when unset).
   * @default "GROUP_ID"
   */
  readonly groupIdVariable?: string;
  /**
   * Name of the user (and group) made for an id the image does not know yet; `<name>-<id>` when
   * that name is taken by another id.
   * @default "user"
   */
  readonly userName?: string;
  /**
   * Folder in which the HOME of a new user is made.
   * @default "/home"
   */
  readonly homeRoot?: string;
  /**
   * The program the container's arguments go to when the first one is not a program on the PATH:
   * `docker run image train.py` runs `python train.py` (as in the seed), `-c ...` and `-m ...` too,
   * while `docker run image bash`, `pip ...` or the image's CMD run as given. An empty list always
   * runs the arguments as the command.
   * @default ["python"]
   */
  readonly commandPrefix?: string[];
  /**
   * The command run when the container gets no arguments.
   * @default ["bash"]
   */
  readonly defaultCommand?: string[];
  /**
   * Variables that may be given as `<NAME>_FILE=<path>` (the official images' convention for
   * secrets): the entrypoint reads the file, as root, into `<NAME>`.
   * @default - none
   */
  readonly fileEnvVariables?: string[];
  /**
   * Install gosu with apt-get (Debian/Ubuntu bases). Turn off when the base image has it.
   * @default true
   */
  readonly installGosu?: boolean;
  /**
   * An entrypoint of the base image that must still run (such as NGC's
   * `/opt/nvidia/nvidia_entrypoint.sh`): it is run as the mapped user, with the command as its arguments.
   * @default - none: the base image's entrypoint is replaced
   */
  readonly baseEntrypoint?: string[];
}

const word = z.string().min(1, 'expected a non-empty word').regex(/^[^\r\n\0]*$/, 'expected a word without newlines');
const writablePath = schemas.absolutePath
  .refine((p) => p.replace(/\/+$/, '') !== '', 'expected a directory below "/", not "/" itself')
  .refine((p) => !p.split('/').includes('..') && !p.split('/').includes('.'), 'expected a path without "." or ".." parts');

const schema = z.object({
  writablePaths: z.array(writablePath).optional(),
  userIdVariable: schemas.envName.optional(),
  groupIdVariable: schemas.envName.optional(),
  userName: z.string().regex(/^[a-z_][a-z0-9_-]{0,30}$/, 'expected a user name of lowercase letters, digits, "_" or "-", up to 31 characters').optional(),
  homeRoot: writablePath.optional(),
  commandPrefix: z.array(word).optional(),
  defaultCommand: z.array(word).min(1, 'expected at least the program').optional(),
  fileEnvVariables: z.array(schemas.envName).optional(),
  installGosu: z.boolean().optional(),
  baseEntrypoint: z.array(word).optional(),
}).refine((p) => (p.userIdVariable ?? 'USER_ID') !== (p.groupIdVariable ?? 'GROUP_ID'), {
  message: 'expected different variables for the uid and the gid', path: ['groupIdVariable'],
});

/**
 * Runs the container's command as the caller's uid:gid, so that files written to the mounted
 * workspace belong to the caller (the docker-library official images' gosu pattern).
 *
 * Adds to the image: gosu (apt, its own layer), the writable paths (mode 1777, built once),
 * `docker/<image>/entrypoint.sh` copied to `/usr/local/bin/ml-env-entrypoint`, and the ENTRYPOINT.
 * The image's run script passes `USER_ID=$(id -u)` and `GROUP_ID=$(id -g)`.
 *
 * At start the entrypoint validates the ids (exit 64 otherwise), reuses a user or group that holds
 * them, makes a passwd entry and HOME otherwise, and `exec`s gosu: the command gets the signals
 * and its exit code is the container's. Its cost does not depend on the number of files anywhere.
 *
 * @example
 * new GosuEntrypoint(app, 'User', { writablePaths: ['/usr/local/lib/python3.10/dist-packages/docaligner/heatmap_reg/ckpt'] });
 */
export class GosuEntrypoint extends ImageFeature {
  public readonly phase = FeaturePhase.USER;
  /** Path of the generated entrypoint script, relative to the project root. */
  public readonly scriptPath: string;
  /** The writable directories, in the order given. */
  public readonly writablePaths: string[];
  /** The variable that holds the uid. */
  public readonly userIdVariable: string;
  /** The variable that holds the gid. */
  public readonly groupIdVariable: string;

  public constructor(scope: IConstruct, id: string, props: GosuEntrypointProps = {}) {
    super(scope, id);
    checkProps(this, 'gosu entrypoint', schema, props);
    const other = this.image.features.find((f) => f instanceof GosuEntrypoint && f !== this);
    if (other) {
      throw new Error(`gosu entrypoint at "${this.node.path}": ${this.image.imageRef} already has one at "${other.node.path}"; keep one`);
    }
    this.writablePaths = [...new Set((props.writablePaths ?? []).map((p) => p.replace(/(.)\/+$/, '$1')))];
    this.userIdVariable = props.userIdVariable ?? 'USER_ID';
    this.groupIdVariable = props.groupIdVariable ?? 'GROUP_ID';
    this.scriptPath = `${this.image.directory}/entrypoint.sh`;
    if (props.installGosu ?? true) {
      new GosuPackage(this, 'Package');
    }
    new GeneratedFile(this, this.scriptPath, {
      executable: true,
      render: (marker) => renderEntrypointScript({
        imageRef: this.image.imageRef,
        userIdVariable: this.userIdVariable,
        groupIdVariable: this.groupIdVariable,
        userName: props.userName ?? 'user',
        homeRoot: (props.homeRoot ?? '/home').replace(/(.)\/+$/, '$1'),
        writablePaths: this.writablePaths,
        commandPrefix: props.commandPrefix ?? ['python'],
        defaultCommand: props.defaultCommand ?? ['bash'],
        fileEnvVariables: [...new Set(props.fileEnvVariables ?? [])],
        baseEntrypoint: props.baseEntrypoint ?? [],
      }, marker),
    });
  }

  public contribute(build: ImageBuild): void {
    const stage = build.finalStage;
    if (this.writablePaths.length > 0) {
      stage.run(writableDirectoryCommands(this.writablePaths));
    }
    stage.copy([this.image.contextPath(this.scriptPath)], ENTRYPOINT_PATH, { chmod: '0755' });
    stage.entrypoint(Command.exec([ENTRYPOINT_PATH]));
    build.addRunScriptLines(`args+=(--env "${this.userIdVariable}=$(id -u)" --env "${this.groupIdVariable}=$(id -g)")`);
  }
}

/**
 * gosu from the distribution, in its own layer with the system packages (it rarely changes, so
 * editing the project's code does not reinstall it), checked by switching to nobody once.
 */
class GosuPackage extends ImageFeature {
  public readonly phase = FeaturePhase.SYSTEM_PACKAGES;

  public contribute(build: ImageBuild): void {
    // no apt cache mounts here: the layer is small and built once
    const apt = aptInstallRun(['gosu'], { cacheMounts: false });
    build.finalStage.run([...apt.commands, 'gosu nobody true'], { mounts: apt.mounts });
  }
}
