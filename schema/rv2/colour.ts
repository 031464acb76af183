/**
 * CSS colour strings (spec digest §1.2, gap 23: "accept CSS colour syntax").
 *
 * Accepted: `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa` (hex digits in either case); `rgb()`, `rgba()`,
 * `hsl()`, `hsla()` in comma or space syntax (optional `/ alpha`), numbers with an optional
 * `%`/`deg`/`rad`/`grad`/`turn` unit; the 148 CSS named colours and `transparent`.
 * Function and colour names are matched in lower case only (see docs/schema.md).
 */

/** The CSS Color Module 4 named colours, plus `transparent`. */
export const CSS_NAMED_COLOURS = [
  'aliceblue', 'antiquewhite', 'aqua', 'aquamarine', 'azure', 'beige', 'bisque', 'black',
  'blanchedalmond', 'blue', 'blueviolet', 'brown', 'burlywood', 'cadetblue', 'chartreuse', 'chocolate',
  'coral', 'cornflowerblue', 'cornsilk', 'crimson', 'cyan', 'darkblue', 'darkcyan', 'darkgoldenrod',
  'darkgray', 'darkgreen', 'darkgrey', 'darkkhaki', 'darkmagenta', 'darkolivegreen', 'darkorange',
  'darkorchid', 'darkred', 'darksalmon', 'darkseagreen', 'darkslateblue', 'darkslategray',
  'darkslategrey', 'darkturquoise', 'darkviolet', 'deeppink', 'deepskyblue', 'dimgray', 'dimgrey',
  'dodgerblue', 'firebrick', 'floralwhite', 'forestgreen', 'fuchsia', 'gainsboro', 'ghostwhite', 'gold',
  'goldenrod', 'gray', 'green', 'greenyellow', 'grey', 'honeydew', 'hotpink', 'indianred', 'indigo',
  'ivory', 'khaki', 'lavender', 'lavenderblush', 'lawngreen', 'lemonchiffon', 'lightblue', 'lightcoral',
  'lightcyan', 'lightgoldenrodyellow', 'lightgray', 'lightgreen', 'lightgrey', 'lightpink',
  'lightsalmon', 'lightseagreen', 'lightskyblue', 'lightslategray', 'lightslategrey', 'lightsteelblue',
  'lightyellow', 'lime', 'limegreen', 'linen', 'magenta', 'maroon', 'mediumaquamarine', 'mediumblue',
  'mediumorchid', 'mediumpurple', 'mediumseagreen', 'mediumslateblue', 'mediumspringgreen',
  'mediumturquoise', 'mediumvioletred', 'midnightblue', 'mintcream', 'mistyrose', 'moccasin',
  'navajowhite', 'navy', 'oldlace', 'olive', 'olivedrab', 'orange', 'orangered', 'orchid',
  'palegoldenrod', 'palegreen', 'paleturquoise', 'palevioletred', 'papayawhip', 'peachpuff', 'peru',
  'pink', 'plum', 'powderblue', 'purple', 'rebeccapurple', 'red', 'rosybrown', 'royalblue',
  'saddlebrown', 'salmon', 'sandybrown', 'seagreen', 'seashell', 'sienna', 'silver', 'skyblue',
  'slateblue', 'slategray', 'slategrey', 'snow', 'springgreen', 'steelblue', 'tan', 'teal', 'thistle',
  'tomato', 'turquoise', 'violet', 'wheat', 'white', 'whitesmoke', 'yellow', 'yellowgreen',
  'transparent',
] as const;

const HEX = '#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})';
const NUM = '[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:%|deg|rad|grad|turn)?';
const COMMA_ARGS = `${NUM}(?:\\s*,\\s*${NUM}){2}(?:\\s*,\\s*${NUM})?`;
const SPACE_ARGS = `${NUM}(?:\\s+${NUM}){2}(?:\\s*/\\s*${NUM})?`;
const FUNC = `(?:rgba?|hsla?)\\(\\s*(?:${COMMA_ARGS}|${SPACE_ARGS})\\s*\\)`;

/** Anchored regular expression source for a CSS colour string (used as JSON Schema `pattern`). */
export const CSS_COLOUR_PATTERN = `^(?:${HEX}|${FUNC}|${CSS_NAMED_COLOURS.join('|')})$`;

/** The message used when a colour does not match (mirrored in docs/schema.md). */
export const CSS_COLOUR_MESSAGE = 'must be a CSS colour (e.g. #ff0000, rgba(0,0,0,0.5))';

const COLOUR_RE = new RegExp(CSS_COLOUR_PATTERN, 'u');

/** True when `value` is a colour string the schema accepts. */
export function isCssColour(value: string): boolean {
  return COLOUR_RE.test(value);
}
