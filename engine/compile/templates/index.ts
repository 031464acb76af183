/** The ten built-in templates, by name (docs/templates.md). */
import type { TemplateName } from '../../../schema/renderingvideo-v2.js';
import type { TemplateDefinition } from './kit.js';
import { comparisonTemplate } from './comparison.js';
import { countdownTemplate } from './countdown.js';
import { listTemplate } from './list.js';
import { newsTemplate } from './news.js';
import { productIntroTemplate } from './product-intro.js';
import { quoteTemplate } from './quote.js';
import { slideshowTemplate } from './slideshow.js';
import { textRevealTemplate } from './text-reveal.js';
import { subtitleVideoTemplate, talkingHeadTemplate } from './video.js';

export const TEMPLATES: Record<TemplateName, TemplateDefinition> = {
  'product-intro': productIntroTemplate,
  slideshow: slideshowTemplate,
  'subtitle-video': subtitleVideoTemplate,
  'talking-head': talkingHeadTemplate,
  comparison: comparisonTemplate,
  countdown: countdownTemplate,
  'text-reveal': textRevealTemplate,
  news: newsTemplate,
  quote: quoteTemplate,
  list: listTemplate,
};
