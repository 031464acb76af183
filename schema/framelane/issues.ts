/**
 * Problems found in a Framelane body, in the shape the API's 422 answers carry (digest §7.2):
 * each issue has a JSON pointer, a message and a type; the endpoint adds the dotted `path`.
 */
import type { ValidationIssue } from '../../engine/errors.js';

/**
 * `value_error` (a value or a combination is wrong), `unknown_field`, `missing` (a required field),
 * `unsupported` (valid Framelane that this renderer refuses: 422 `unsupported_feature`).
 */
export type FramelaneIssueType = 'value_error' | 'unknown_field' | 'missing' | 'unsupported';

export interface FramelaneIssue extends ValidationIssue {
  type: FramelaneIssueType;
}

/** The error code of a 422 answer: `unsupported_feature` when every error is one, else `invalid_request`. */
export function framelaneErrorCode(errors: readonly FramelaneIssue[]): 'invalid_request' | 'unsupported_feature' {
  return errors.length > 0 && errors.every((e) => e.type === 'unsupported') ? 'unsupported_feature' : 'invalid_request';
}

/**
 * A JSON pointer as the dotted path of the digest's 422 details (`/elements/1/text_color` →
 * `elements[1].text_color`; the root is `""`).
 */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path === '' ? segment : `${path}.${segment}`), '');
}
