import { IConstruct } from 'constructs';
import { z } from 'zod';
import * as schemas from '../compat/schemas';
import type { ImageBuild } from '../images/image-build';
import { FeaturePhase, ImageFeature } from '../images/image-feature';
import { GeneratedFile } from '../private/generated-file';
import { checkProps } from '../private/validate';

/** Props of Provenance. */
export interface ProvenanceProps {
  /**
   * Where the image's source lives (`org.opencontainers.image.source`), such as the repository URL.
   * @default - not set
   */
  readonly source?: string;
  /**
   * The image's version (`org.opencontainers.image.version`).
   * @default - `git describe --tags --always --dirty` of the project at build time, when it is a git repository
   */
  readonly version?: string;
  /**
   * Path of the JSON description inside the image.
   * @default "/etc/ml-env/image.json"
   */
  readonly path?: string;
}

const schema = z.object({
  source: z.string().regex(/^[a-z][a-z0-9+.-]*:\/\/[^\s@'"]+$/, 'expected a URL without credentials, spaces or quotes').optional(),
  version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/, 'expected a version such as "1.2.0"').optional(),
  path: schemas.absolutePath.optional(),
});

const OCI = 'org.opencontainers.image';

/**
 * Records how an image was made. OCI labels (`org.opencontainers.image.title`, `base.name`,
 * `source`, `version`, `revision`) and a JSON file in the image with the declaration: base image,
 * and each feature with its packages, versions, repositories and files.
 *
 * Everything in the Dockerfile is rendered at synth, so the output stays deterministic. The git
 * commit (`revision`) and, unless given, the version are read by the build script at build time
 * and passed as `docker build --label`: labels given that way never invalidate the layer cache.
 *
 * ApplicationImage adds one by default.
 *
 * @example
 * new Provenance(image, 'Provenance', { source: 'https://github.com/example/app' });
 */
export class Provenance extends ImageFeature {
  /** Last, after the entrypoint: the JSON changes whenever any other feature does. */
  public readonly phase = FeaturePhase.USER;
  /** Path of the JSON description inside the image. */
  public readonly path: string;
  /** Path of the generated JSON file, relative to the project root. */
  public readonly filePath: string;
  private readonly props: ProvenanceProps;

  public constructor(scope: IConstruct, id: string, props: ProvenanceProps = {}) {
    super(scope, id);
    checkProps(this, 'provenance', schema, props);
    this.props = props;
    this.path = props.path ?? '/etc/ml-env/image.json';
    this.filePath = `${this.image.directory}/image.json`;
    new GeneratedFile(this, this.filePath, { render: (marker) => `${JSON.stringify(this.describe(marker), undefined, 2)}\n` });
  }

  public contribute(build: ImageBuild): void {
    const image = this.image;
    const source = this.source;
    build.finalStage.label({
      [`${OCI}.title`]: image.imageName,
      [`${OCI}.base.name`]: image.baseImage.reference,
      ...(source ? { [`${OCI}.source`]: source } : {}),
      ...(this.props.version ? { [`${OCI}.version`]: this.props.version } : {}),
    });
    build.finalStage.copy([image.contextPath(this.filePath)], this.path);
    // read on the host at build time (.git is never in the build context), never at synth
    build.addBuildScriptLines(
      'if revision="$(git -C "$root" rev-parse HEAD 2>/dev/null)"; then',
      `  args+=(--label "${OCI}.revision=$revision")`,
      ...(this.props.version ? [] : [
        `  args+=(--label "${OCI}.version=$(git -C "$root" describe --tags --always --dirty)")`,
      ]),
      'fi',
    );
  }

  private get source(): string | undefined {
    return this.props.source;
  }

  private describe(marker: string | undefined): Record<string, unknown> {
    const image = this.image;
    const features = image.features.filter((f) => f !== this).map((f) => {
      const own = (f as unknown as { _provenance?: () => Record<string, unknown> })._provenance;
      return { feature: f.constructor.name, id: f.node.id, ...(own ? own.call(f) : {}) };
    });
    return {
      ...(marker ? { '//': marker } : {}),
      image: image.imageRef,
      base: image.baseImage.reference,
      ...(image.baseImage.image ? { baseIsProjectImage: true } : {}),
      ...(this.source ? { source: this.source } : {}),
      ...(this.props.version ? { version: this.props.version } : {}),
      features,
    };
  }
}
