import { Component, Project } from 'projen';
import { ContainerImage } from './container-image';
import { EnvironmentGuide } from '../docs/environment-guide';
import { GeneratedFile } from '../private/generated-file';
import { userFilesInTheWay } from '../private/user-file-guard';
import { constructPath } from '../private/validate';
import { BakeFile } from '../scripts/bake-file';
import { BuildAllScript } from '../scripts/build-all-script';

/** What never belongs in a build context: VCS data, dependencies, build outputs, caches, local secrets. */
const DEFAULT_DOCKERIGNORE = [
  '.git',
  '.hg',
  '.svn',
  '**/node_modules',
  '.projen',
  'dist',
  'build',
  'coverage',
  'test-reports',
  '**/*.egg-info',
  '**/__pycache__',
  '**/*.py[cod]',
  '**/.pytest_cache',
  '**/.mypy_cache',
  '**/.ruff_cache',
  '**/.ipynb_checkpoints',
  '**/.venv',
  '**/venv',
  '**/.env',
  '**/.env.*',
  '**/.netrc',
  '**/pip.conf',
  '.idea',
  '.vscode',
  '**/.DS_Store',
];

const ENVIRONMENT_ID = 'MlEnvDockerEnvironment';

/**
 * The project-wide side of the images: the list of images in build order, `docker/build-all.sh`,
 * a `.dockerignore` per build context, and the whole-tree validation run before synth.
 * One per project; get it with `DockerEnvironment.of(project)`.
 */
export class DockerEnvironment extends Component {
  /** The project's docker environment, created on first use. */
  public static of(project: Project): DockerEnvironment {
    const existing = project.node.tryFindChild(ENVIRONMENT_ID);
    return existing instanceof DockerEnvironment ? existing : new DockerEnvironment(project);
  }

  private readonly contexts = new Set<string>();
  private readonly extraIgnores: string[] = [];

  private constructor(project: Project) {
    super(project, ENVIRONMENT_ID);
    new BuildAllScript(this, 'BuildAll', { images: () => this.imagesInBuildOrder() });
    new BakeFile(this, 'Bake', { images: () => this.imagesInBuildOrder() });
    new EnvironmentGuide(this, 'Guide', { images: () => this.imagesInBuildOrder() });
    project.addTask('docker:build', { description: 'Build every image of the project in dependency order', exec: 'docker/build-all.sh', receiveArgs: true });
  }

  /** Every image of the project, in construct order. */
  public get images(): ContainerImage[] {
    return this.project.node.findAll().filter((c): c is ContainerImage => ContainerImage.isContainerImage(c));
  }

  /** Every image of the project, each after the project images it is built from. */
  public imagesInBuildOrder(): ContainerImage[] {
    const ordered: ContainerImage[] = [];
    const visit = (image: ContainerImage, chain: ContainerImage[]) => {
      if (ordered.includes(image)) return;
      if (chain.includes(image)) {
        throw new Error(`images are built from each other in a cycle: ${[...chain, image].map((i) => i.imageRef).join(' -> ')}`);
      }
      const parent = image.baseImage.image;
      if (parent) visit(parent, [...chain, image]);
      ordered.push(image);
    };
    this.images.forEach((image) => visit(image, []));
    return ordered;
  }

  /** Adds patterns to every generated `.dockerignore`. */
  public addDockerIgnore(...patterns: string[]): void {
    for (const pattern of patterns) {
      if (pattern.length === 0 || /[\r\n]/.test(pattern)) {
        throw new Error(`dockerignore patterns are single non-empty lines, got ${JSON.stringify(pattern)}`);
      }
      this.extraIgnores.push(pattern);
    }
  }

  /** Registers a build context so that it gets a `.dockerignore`. @internal */
  public _addBuildContext(context: string): void {
    if (this.contexts.has(context)) return;
    this.contexts.add(context);
    const path = context === '.' ? '.dockerignore' : `${context}/.dockerignore`;
    new GeneratedFile(this, path, {
      render: (marker) => [
        ...(marker ? [`# ${marker}`] : []),
        '# Keeps the build context small and free of secrets: nothing listed here reaches docker build.',
        ...DEFAULT_DOCKERIGNORE,
        ...this.extraIgnores,
        '',
      ].join('\n'),
    });
  }

  /**
   * Runs every construct's validations before any file is written and reports all problems
   * together, one line each with its construct path.
   */
  public preSynthesize(): void {
    const problems: string[] = [];
    const byRef = new Map<string, ContainerImage>();
    for (const image of this.images) {
      const other = byRef.get(image.imageRef);
      if (other) problems.push(`[${constructPath(image)}] image ${image.imageRef} is also declared by ${constructPath(other)}; give one a different imageName or tag`);
      byRef.set(image.imageRef, image);
    }
    for (const construct of this.project.node.findAll()) {
      for (const message of construct.node.validate()) {
        problems.push(`[${constructPath(construct)}] ${message}`);
      }
    }
    for (const file of userFilesInTheWay(this.project)) {
      problems.push(`[${file}] this file exists and was not generated; move it away (or merge it into .projenrc.ts), then synthesize again: it is never overwritten silently`);
    }
    if (problems.length > 0) {
      throw new Error(`invalid environment (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${problems.join('\n')}`);
    }
  }
}
