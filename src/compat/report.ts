/** How the presets report the problems of their version checks. */
import { Component } from 'projen';
import { Confidence } from './confidence';
import type { Problem } from './resolve';
import { constructPath } from '../private/validate';

/**
 * Registers a validation that runs at synth (DockerEnvironment.preSynthesize collects every
 * construct's errors and reports them together): warnings go to the projen logger, errors are
 * returned. `problems` is called then, so that packages added after the constructor are checked.
 */
export function reportProblems(component: Component, problems: () => Problem[]): void {
  component.node.addValidation({
    validate: () => {
      const all = problems();
      for (const p of all.filter((x) => x.severity === 'warning')) {
        component.project.logger.warn(`[${constructPath(component)}] warning: ${p.message}`);
      }
      return all.filter((x) => x.severity === 'error').map((p) => p.message);
    },
  });
}

/** The `indirect` and `unverified` lists of ImageVersions from each field's confidence. */
export function versionLists(confidences: { [field: string]: Confidence | undefined }): { indirect: string[]; unverified: string[] } {
  const pick = (c: Confidence) => Object.keys(confidences).filter((k) => confidences[k] === c).sort();
  return { indirect: pick(Confidence.INDIRECT), unverified: pick(Confidence.UNVERIFIED) };
}
