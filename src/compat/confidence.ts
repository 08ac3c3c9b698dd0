/**
 * Reading the confidence marks of the data tables (src/compat/data.ts): "~" indirect, "?" unverified,
 * no mark: stated by the source.
 */
import type { Cell } from './data';

/** How sure a fact is. */
export enum Confidence {
  /** Stated directly by the cited source (✅). */
  VERIFIED = 'verified',
  /** Taken from a sibling artefact or a vendor thread (⚠️). */
  INDIRECT = 'indirect',
  /** Not verified (❓): may make warnings, never hard errors. */
  UNVERIFIED = 'unverified',
}

/** A cell split into its value and confidence. */
export interface Fact {
  readonly value: string;
  readonly confidence: Confidence;
}

/** Splits a cell into value and confidence. */
export function fact(cell: Cell): Fact {
  if (cell.endsWith('?')) return { value: cell.slice(0, -1), confidence: Confidence.UNVERIFIED };
  if (cell.endsWith('~')) return { value: cell.slice(0, -1), confidence: Confidence.INDIRECT };
  return { value: cell, confidence: Confidence.VERIFIED };
}

/** The value of a cell without its mark (undefined stays undefined). */
export function valueOf(cell: Cell | undefined): string | undefined {
  return cell === undefined ? undefined : fact(cell).value;
}

/** Whether a cell is unverified (a conclusion that rests on it is only a warning). */
export function isUnverified(cell: Cell | undefined): boolean {
  return cell !== undefined && fact(cell).confidence === Confidence.UNVERIFIED;
}

/** The weakest of several confidences. */
export function weakest(...confidences: Confidence[]): Confidence {
  if (confidences.includes(Confidence.UNVERIFIED)) return Confidence.UNVERIFIED;
  if (confidences.includes(Confidence.INDIRECT)) return Confidence.INDIRECT;
  return Confidence.VERIFIED;
}

/** The mark a confidence is shown with in the environment guide. */
export function markOf(confidence: Confidence): string {
  switch (confidence) {
    case Confidence.UNVERIFIED: return ' (unverified)';
    case Confidence.INDIRECT: return ' (indirect source)';
    default: return '';
  }
}
