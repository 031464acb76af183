/**
 * Syntax colouring for `code` clips with Prism (offline, works in Node and the browser).
 * Tokens become coloured runs per line; colours follow the One Dark / One Light themes.
 */
import Prism from 'prismjs';
import 'prismjs/components/prism-clike.js';
import 'prismjs/components/prism-javascript.js';
import 'prismjs/components/prism-typescript.js';
import 'prismjs/components/prism-jsx.js';
import 'prismjs/components/prism-tsx.js';
import 'prismjs/components/prism-python.js';
import 'prismjs/components/prism-bash.js';
import 'prismjs/components/prism-json.js';
import 'prismjs/components/prism-css.js';
import 'prismjs/components/prism-markup.js';
import 'prismjs/components/prism-go.js';
import 'prismjs/components/prism-rust.js';
import 'prismjs/components/prism-java.js';
import 'prismjs/components/prism-c.js';
import 'prismjs/components/prism-cpp.js';
import 'prismjs/components/prism-sql.js';
import 'prismjs/components/prism-yaml.js';
import 'prismjs/components/prism-ruby.js';

export interface CodeRun {
  text: string;
  color: string;
  italic: boolean;
}

type Theme = Record<string, string> & { text: string; background: string };

/** Token colours by Prism token type. */
export const CODE_THEMES: Record<'dark' | 'light', Theme> = {
  dark: {
    background: '#282c34', text: '#abb2bf', keyword: '#c678dd', string: '#98c379', 'template-string': '#98c379',
    char: '#98c379', number: '#d19a66', boolean: '#d19a66', constant: '#d19a66', comment: '#7f848e', function: '#61afef',
    'class-name': '#e5c07b', builtin: '#e5c07b', operator: '#56b6c2', punctuation: '#abb2bf', property: '#e06c75',
    tag: '#e06c75', 'attr-name': '#d19a66', 'attr-value': '#98c379', regex: '#56b6c2', variable: '#e06c75',
  },
  light: {
    background: '#fafafa', text: '#383a42', keyword: '#a626a4', string: '#50a14f', 'template-string': '#50a14f',
    char: '#50a14f', number: '#986801', boolean: '#986801', constant: '#986801', comment: '#a0a1a7', function: '#4078f2',
    'class-name': '#c18401', builtin: '#c18401', operator: '#0184bc', punctuation: '#383a42', property: '#e45649',
    tag: '#e45649', 'attr-name': '#986801', 'attr-value': '#50a14f', regex: '#0184bc', variable: '#e45649',
  },
};

/** Language names accepted besides Prism's own ids. */
const ALIASES: Record<string, string> = { ts: 'typescript', js: 'javascript', py: 'python', sh: 'bash', shell: 'bash', html: 'markup', xml: 'markup', yml: 'yaml', rb: 'ruby', 'c++': 'cpp' };

function flatten(tokens: Array<string | Prism.Token>, theme: Theme, inherited: string | undefined, out: CodeRun[]): void {
  for (const token of tokens) {
    if (typeof token === 'string') {
      out.push({ text: token, color: inherited ?? theme.text, italic: false });
      continue;
    }
    const color = theme[token.type] ?? (token.alias ? theme[String(token.alias)] : undefined) ?? inherited;
    const content = token.content;
    if (typeof content === 'string') out.push({ text: content, color: color ?? theme.text, italic: token.type === 'comment' });
    else flatten(Array.isArray(content) ? content : [content], theme, color, out);
  }
}

/** Code split into lines of coloured runs. */
export function highlightCode(code: string, language: string | undefined, theme: 'dark' | 'light'): CodeRun[][] {
  const palette = CODE_THEMES[theme];
  const id = language ? (ALIASES[language.toLowerCase()] ?? language.toLowerCase()) : undefined;
  const grammar = id ? Prism.languages[id] : undefined;
  const runs: CodeRun[] = [];
  if (grammar) flatten(Prism.tokenize(code, grammar), palette, undefined, runs);
  else runs.push({ text: code, color: palette.text, italic: false });
  const lines: CodeRun[][] = [[]];
  for (const run of runs) {
    const parts = run.text.split('\n');
    parts.forEach((part, i) => {
      if (i > 0) lines.push([]);
      if (part.length > 0) lines[lines.length - 1]!.push({ ...run, text: part });
    });
  }
  return lines;
}
