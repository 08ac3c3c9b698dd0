import { z } from 'zod';

/*
 * Building blocks of the props schemas. Every message says what is allowed; the value received
 * and the field name are added by checkProps.
 */

// Docker's reference grammar (distribution/reference): lowercase path components separated by
// ".", "_", "__" or dashes, optionally after a registry domain (with port); tags are [\w][\w.-]{0,127}.
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?)`;
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';

export const IMAGE_NAME_RE = new RegExp(`^${NAME}$`);
export const IMAGE_TAG_RE = new RegExp(`^${TAG}$`);
export const IMAGE_REFERENCE_RE = new RegExp(`^${NAME}(?::${TAG})?(?:@${DIGEST})?$`);

/** An image repository name without tag, such as `docsaid_infer_image` or `registry:5000/team/app`. */
export const imageName = z
  .string()
  .max(255, 'expected at most 255 characters')
  .regex(IMAGE_NAME_RE, 'expected a docker image name: lowercase letters and digits separated by ".", "_", "__" or "-", optionally "registry/" and "/" paths');

/** An image tag. */
export const imageTag = z.string().regex(IMAGE_TAG_RE, 'expected a docker tag: up to 128 letters, digits, "_", "." or "-", not starting with "." or "-"');

/** A full image reference, with optional tag and digest. */
export const imageReference = z
  .string()
  .max(512, 'expected at most 512 characters')
  .regex(IMAGE_REFERENCE_RE, 'expected a docker image reference such as "nvcr.io/nvidia/pytorch:24.05-py3"');

/** A registry host (with optional port and path prefix) that mirrors upstream registries. */
export const registryMirror = z
  .string()
  .regex(new RegExp(`^${DOMAIN}(?:/${PATH_COMPONENT})*$`), 'expected a registry host with optional port and path, such as "mirror.example.com:5000/nvcr"');

// PEP 508: a name, optional extras, then a version specifier list or a URL, then an optional marker.
const PEP508_NAME = '[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?';
const PEP508_VERSION = '(?:===|==|!=|~=|>=|<=|>|<)\\s*[A-Za-z0-9_.*+!-]+';
// environment markers: variables, comparison operators, quoted values, and/or, parentheses
const PEP508_MARKER = '[A-Za-z0-9_ .\'"<>=!~(),*+-]+';
const PEP508 = new RegExp(
  `^${PEP508_NAME}\\s*(?:\\[\\s*${PEP508_NAME}(?:\\s*,\\s*${PEP508_NAME})*\\s*\\])?\\s*` +
  `(?:\\(?\\s*${PEP508_VERSION}(?:\\s*,\\s*${PEP508_VERSION})*\\s*\\)?|@\\s*[^\\s;]+)?\\s*(?:;${PEP508_MARKER})?$`,
);

/** A PEP 508 requirement such as `Pillow>=10.0.0` or `torch[cuda]==2.4.*; python_version>="3.10"`. */
export const pipRequirement = z
  .string()
  .regex(PEP508, 'expected a PEP 508 requirement such as "Pillow>=10.0.0" (a package name, optional [extras], version specifiers or "@ url", optional "; marker")');

/** A Debian/Ubuntu package name with optional `:arch` and `=version`. */
export const aptPackage = z
  .string()
  .regex(/^[a-z0-9][a-z0-9+.-]*(?::[a-z0-9-]+)?(?:=[A-Za-z0-9.+:~-]+)?$/, 'expected a debian package name such as "libgl1" or "git=1:2.34.1-1ubuntu1"');

/** An environment variable name. */
export const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a variable name: letters, digits and "_", not starting with a digit');

/** A value that can be written on one Dockerfile or shell line. */
export const oneLine = z.string().regex(/^[^\r\n]*$/, 'expected a single line without newlines');

/** Environment variables. */
export const envMap = z.record(envName, oneLine);

/** OCI label keys are reverse-DNS style names. */
export const labelMap = z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected a label key of letters, digits, ".", "_" or "-"'), oneLine);

/** An absolute path inside the image. */
export const absolutePath = z
  .string()
  .regex(/^\/[^\r\n$\\]*$/, 'expected an absolute path inside the image, without "$", "\\" or newlines');

/** A path relative to the project root, inside it. */
export const projectPath = z
  .string()
  .min(1, 'expected a path relative to the project root')
  .regex(/^[^\r\n\\$`"']*$/, 'expected a path without quotes, "$", "\\" or newlines')
  .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), 'expected a path relative to the project root, without ".."');

/** An IANA time zone name such as "Asia/Taipei" or "UTC". */
export const timezone = z.string().regex(/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/, 'expected an IANA time zone such as "Asia/Taipei" or "UTC"');

/** A dotted numeric version with a fixed number of parts. */
export function dottedVersion(parts: number, example: string) {
  return z.string().regex(new RegExp(`^\\d+(?:\\.\\d+){${parts - 1}}$`), `expected a version like "${example}"`);
}

/** An NGC release name YY.MM. */
export const ngcRelease = z.string().regex(/^\d{2}\.(0[1-9]|1[0-2])$/, 'expected an NGC release like "24.05" (YY.MM)');

/** A package index URL without credentials (those go through PrivatePypiInstall). */
export const indexUrl = z.string().regex(/^https?:\/\/[^\s@'"]+$/, 'expected an http(s) URL without credentials, spaces or quotes');

/** The interpreter that runs pip. */
export const pythonInterpreter = z.string().regex(/^[A-Za-z0-9_./-]+$/, 'expected an interpreter name or path such as "python3"');

/** A package extra such as "torch". */
export const extraName = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/, 'expected an extra name such as "torch"');
