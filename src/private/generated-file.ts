import { IConstruct } from 'constructs';
import { FileBase, IResolver } from 'projen';

/** Options of a generated file. */
export interface GeneratedFileOptions {
  /** Renders the content; receives projen's marker text (undefined when markers are off). */
  readonly render: (marker: string | undefined) => string;
  /** Mark the file executable (scripts). */
  readonly executable?: boolean;
}

// projen's marker getter looks the projenrc file up among all components on every call, which
// made synthesis quadratic in the number of files (bench/synth.ts); one lookup per project is enough
const markers = new WeakMap<object, string | undefined>();

/**
 * A projen file whose content is rendered at synth by a callback. Projen gives it the
 * read-only mode, the marker, the manifest entry and stale-file cleanup; we only render.
 */
export class GeneratedFile extends FileBase {
  private readonly renderContent: (marker: string | undefined) => string;

  public constructor(scope: IConstruct, filePath: string, options: GeneratedFileOptions) {
    super(scope, filePath, { readonly: true, executable: options.executable ?? false, marker: true });
    this.renderContent = options.render;
  }

  public get marker(): string | undefined {
    if (!markers.has(this.project)) {
      markers.set(this.project, super.marker);
    }
    return markers.get(this.project);
  }

  protected synthesizeContent(_resolver: IResolver): string | undefined {
    return this.renderContent(this.marker);
  }
}
