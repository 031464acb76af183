/**
 * Value syntaxes of Framelane v1 (digest §3.1): dimensions, angles, scales, colours,
 * percent-numbers, URLs. Each is one JSON Schema node with `type` listing the JSON types it
 * takes and a `pattern` for its strings, so a bad value gives one readable error.
 */
import { Type } from '@sinclair/typebox';

/** A number (px), `"960px"`, a plain numeric string (px) or `"50%"` (of the canvas axis). */
export const DIMENSION_PATTERN = '^-?\\d+(\\.\\d+)?(px|%)?$';
/** A number (degrees), `"90°"`, `"90deg"` or `"1.57rad"`. */
export const ANGLE_PATTERN = '^-?\\d+(\\.\\d+)?(°|deg|rad)?$';
/** A percentage such as `"110%"` (bare numbers are percent too, docs/framelane.md). */
export const SCALE_PATTERN = '^-?\\d+(\\.\\d+)?%$';
/** `#RRGGBB` or `#RRGGBBAA` (§3.1). */
export const FL_COLOUR_PATTERN = '^#([0-9a-fA-F]{6}|[0-9a-fA-F]{8})$';

export const Dimension = Type.Unsafe<number | string>({
  $id: 'FlDimension',
  type: ['number', 'string'],
  pattern: DIMENSION_PATTERN,
  errorMessage: 'must be a number (px), a string such as "960px" or a percentage such as "50%"',
});

export const Angle = Type.Unsafe<number | string>({
  $id: 'FlAngle',
  type: ['number', 'string'],
  pattern: ANGLE_PATTERN,
  errorMessage: 'must be an angle: a number (degrees) or a string such as "90°", "90deg" or "1.57rad"',
});

export const Scale = Type.Unsafe<number | string>({
  $id: 'FlScale',
  type: ['number', 'string'],
  pattern: SCALE_PATTERN,
  errorMessage: 'must be a percentage such as "100%" (or a number of percent)',
});

export const Colour = Type.String({
  $id: 'FlColor',
  pattern: FL_COLOUR_PATTERN,
  errorMessage: 'must be a colour "#RRGGBB" or "#RRGGBBAA"',
});

/** A percent-number 0–100 (opacity, volume, intensities). */
export const Percent = (options: object = {}) => Type.Number({ minimum: 0, maximum: 100, ...options });

/** A number in −100…100, 0 = unchanged (colour adjustments, docs/framelane.md). */
export const SignedPercent = () => Type.Number({ minimum: -100, maximum: 100 });

/** Longest URL (§2); `data:` URIs are bounded by the body size only. */
export const MAX_URL_LENGTH = 2083;

/** A URL field. Its length (≤ 2083 unless `data:`) and scheme are semantic checks (sources.ts). */
export const Url = Type.String({ $id: 'FlUrl', minLength: 1 });

/** A URL that must be http(s) (webhooks). */
export const HttpUrl = Type.String({
  $id: 'FlHttpUrl',
  minLength: 1,
  maxLength: 2083,
  pattern: '^https?://[^\\s]+$',
  errorMessage: 'must be an http(s) URL',
});

/** Seconds ≥ 0. */
export const Seconds = (options: object = {}) => Type.Number({ minimum: 0, ...options });
/** Seconds > 0. */
export const PositiveSeconds = (options: object = {}) => Type.Number({ exclusiveMinimum: 0, ...options });
