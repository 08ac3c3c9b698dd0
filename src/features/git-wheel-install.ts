import { IConstruct } from 'constructs';
import { z } from 'zod';
import { WheelBuildOptions, wheelBuildShape } from './wheel-build-options';
import * as schemas from '../compat/schemas';
import { Stage } from '../dockerfile/stage';
import type { ImageBuild } from '../images/image-build';
import { FeaturePhase, ImageFeature } from '../images/image-feature';
import { shellCommand } from '../private/quote';
import { checkProps } from '../private/validate';
import { addWheelInstall, ensureRequirementsScript } from '../private/wheel-install';

/** Props of GitWheelInstall. */
export interface GitWheelInstallProps extends WheelBuildOptions {
  /**
   * The repository to clone: an `https://`, `http://`, `git://` or `file://` URL, without
   * credentials (a private repository goes through a mirror or a vendored copy).
   */
  readonly repository: string;
  /**
   * The tag, branch or full 40-character commit to build. Tags and commits give reproducible
   * images; a branch is read once and then cached by the builder like any RUN line.
   */
  readonly ref: string;
  /**
   * Folder of the Python package inside the repository.
   * @default - the repository root
   */
  readonly subdirectory?: string;
}

const HOST = '[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?';
const URL_PATH = '[A-Za-z0-9._~%+/-]*';
/** Exported for the tests. @internal */
export const REPOSITORY_RE = new RegExp(`^(?:(?:https?|git)://${HOST}(?:/${URL_PATH})?|file:///${URL_PATH})$`);
/** A git ref name (git check-ref-format, narrowed to characters that need no quoting). @internal */
export const REF_RE = /^(?!-)(?!.*\.\.)(?!.*\/\/)(?!.*@\{)(?!.*\.lock$)[A-Za-z0-9._/+-]+(?<![./])$/;
const COMMIT_RE = /^[0-9a-f]{40}$/;

const url = z.string().superRefine((value, ctx) => {
  if (/^(ssh:\/\/|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:)/.test(value)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'ssh repositories are not supported (they need an ssh agent in the build); use an https:// or file:// URL' });
  } else if (/^[a-z]+:\/\/[^/]*@/.test(value)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'expected a URL without credentials: they would be stored in the image history' });
  } else if (!REPOSITORY_RE.test(value)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'expected an https://, http://, git:// or file:/// repository URL without spaces or quotes' });
  }
});

const schema = z.object({
  repository: url,
  ref: z.string().regex(REF_RE, 'expected a tag, branch or 40-character commit such as "v1.0.0"'),
  subdirectory: schemas.projectPath.optional(),
  ...wheelBuildShape,
});

const SRC = '/ml-env/src';

/**
 * A Python package built from a git repository at a tag, branch or commit. The clone and the
 * wheel build happen in a builder stage (with git and any build tools); the final stage installs
 * the package's dependencies in one layer and the wheel in the next, through bind mounts from the
 * builder. No git, compiler, source tree, wheel file or pip cache ends up in the final image.
 *
 * @example
 * new GitWheelInstall(app, 'DocAligner', {
 *   repository: 'https://github.com/DocsaidLab/DocAligner.git',
 *   ref: 'v1.0.0',
 * });
 */
export class GitWheelInstall extends ImageFeature {
  public readonly phase = FeaturePhase.PYTHON_PACKAGES;
  /** The repository URL. */
  public readonly repository: string;
  /** The ref built. */
  public readonly ref: string;
  private readonly props: GitWheelInstallProps;

  public constructor(scope: IConstruct, id: string, props: GitWheelInstallProps) {
    super(scope, id);
    checkProps(this, 'git wheel install', schema, props);
    this.props = props;
    this.repository = props.repository;
    this.ref = props.ref;
    ensureRequirementsScript(this.image);
  }

  public contribute(build: ImageBuild): void {
    const p = this.props;
    addWheelInstall(build, {
      id: this.node.id,
      python: p.python ?? 'python',
      extras: p.extras ?? [],
      buildIsolation: p.buildIsolation ?? true,
      buildAptPackages: ['ca-certificates', 'git', ...(p.buildAptPackages ?? [])],
      indexUrl: p.indexUrl,
      extraIndexUrls: p.extraIndexUrls,
      pipOptions: p.pipOptions,
      sourceDir: p.subdirectory ? `${SRC}/${p.subdirectory}` : SRC,
      fetchSource: (stage: Stage) => stage.run(cloneCommands(p.repository, p.ref)),
    });
  }

  /** What the image's provenance file records about this feature. @internal */
  public _provenance(): Record<string, unknown> {
    const p = this.props;
    return {
      repository: p.repository,
      ref: p.ref,
      ...(p.subdirectory ? { subdirectory: p.subdirectory } : {}),
      ...(p.extras ? { extras: p.extras } : {}),
    };
  }
}

/** A shallow clone of a tag or branch; a commit is fetched alone when the server allows it. */
function cloneCommands(repository: string, ref: string): string[] {
  if (!COMMIT_RE.test(ref)) {
    return [shellCommand(['git', 'clone', '--quiet', '--depth', '1', '--branch', ref, '--', repository, SRC])];
  }
  const git = ['git', '-C', SRC];
  return [
    shellCommand(['git', 'init', '--quiet', SRC]),
    shellCommand([...git, 'remote', 'add', 'origin', repository]),
    // servers that refuse to serve an unadvertised commit get a full fetch instead
    `{ ${shellCommand([...git, 'fetch', '--quiet', '--depth', '1', 'origin', ref])} || ${shellCommand([...git, 'fetch', '--quiet', 'origin'])}; }`,
    shellCommand([...git, 'checkout', '--quiet', '--detach', ref]),
  ];
}
