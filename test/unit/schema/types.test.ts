/**
 * Compile-time checks of the exported static types (vitest's expectTypeOf is a no-op at run time;
 * `npx tsc --noEmit -p test/unit/schema/tsconfig.json` checks them).
 */
import { describe, it, expect, expectTypeOf } from 'vitest';
import type {
  ClipType, EasingName, KeyframePropertyName, LayoutChildType, RvAnimation, RvAssetRef, RvAssets, RvAudioClip, RvBaseClip,
  RvClip, RvCurvePoint, RvDocument, RvGradient, RvKeyframe, RvKeyframeTrack, RvLayoutChild, RvLayoutClip, RvLength,
  RvMeta, RvStyle, RvSubtitleClip, RvSubtitleConfig, RvSubtitleWord, RvTemplateClip, RvThreeClip, RvTrack, RvTransform,
  RvTransition, RvFilter, RvVideoClip, TemplateName,
} from '../../../schema/renderingvideo-v2.js';
import { LAYOUT_CHILD_TYPES } from '../../../schema/renderingvideo-v2.js';
import { validateRenderingVideo } from '../../../schema/validate.js';
import { MINIMAL_CLIPS, doc } from './helpers.js';

/** Walks layout children the way the engine would; must compile without casts. */
function countClips(clips: readonly (RvClip | RvLayoutChild)[]): number {
  let n = 0;
  for (const clip of clips) {
    n++;
    if (clip.type === 'layout') n += countClips(clip.children);
  }
  return n;
}

describe('static types', () => {
  it('narrow the clip union on type', () => {
    expectTypeOf<RvClip['type']>().toEqualTypeOf<ClipType>();
    expectTypeOf<RvLayoutChild['type']>().toEqualTypeOf<LayoutChildType>();
    expectTypeOf<Extract<RvClip, { type: 'video' }>>().toEqualTypeOf<RvVideoClip>();
    expectTypeOf<Extract<RvClip, { type: 'layout' }>>().toEqualTypeOf<RvLayoutClip>();
    expectTypeOf<RvLayoutClip['children']>().toEqualTypeOf<RvLayoutChild[]>();
    expectTypeOf<Extract<RvLayoutChild, { type: 'layout' }>['children'][number]['type']>().toEqualTypeOf<LayoutChildType>();
    expectTypeOf<RvVideoClip['src']>().toEqualTypeOf<string | RvAssetRef>();
    expectTypeOf<RvSubtitleClip['words']>().toEqualTypeOf<RvSubtitleWord[] | RvAssetRef | { src: string }>();
    expectTypeOf<RvSubtitleClip['config']>().toEqualTypeOf<RvSubtitleConfig | undefined>();
    expectTypeOf<RvTemplateClip['template']>().toEqualTypeOf<TemplateName>();
    expectTypeOf<RvTemplateClip['data']>().toEqualTypeOf<Record<string, unknown>>();
    expectTypeOf<RvAudioClip['ducking']>().toMatchTypeOf<{ targets: string[] } | undefined>();
    expectTypeOf<NonNullable<RvThreeClip['objects']>[number]['shape']>().toMatchTypeOf<string | undefined>();
    expectTypeOf<RvBaseClip['start']>().toEqualTypeOf<number>();
    expect(countClips([MINIMAL_CLIPS.layout as RvClip])).toBe(2);
    expect(LAYOUT_CHILD_TYPES).not.toContain('subtitle');
  });

  it('type the shared structures', () => {
    expectTypeOf<RvTransform['x']>().toEqualTypeOf<RvLength | undefined>();
    expectTypeOf<RvLength>().toEqualTypeOf<number | string>();
    expectTypeOf<RvStyle['fill']>().toEqualTypeOf<string | RvGradient | undefined>();
    expectTypeOf<RvStyle['filters']>().toEqualTypeOf<RvFilter[] | undefined>();
    expectTypeOf<RvAnimation['easing']>().toEqualTypeOf<EasingName | undefined>();
    expectTypeOf<RvAnimation['loop']>().toEqualTypeOf<boolean | number | undefined>();
    expectTypeOf<RvKeyframeTrack['property']>().toEqualTypeOf<KeyframePropertyName>();
    expectTypeOf<RvKeyframeTrack['frames']>().toEqualTypeOf<RvKeyframe[]>();
    expectTypeOf<RvKeyframe['value']>().toEqualTypeOf<unknown>();
    expectTypeOf<RvTransition['duration']>().toEqualTypeOf<number>();
    expectTypeOf<RvCurvePoint>().toEqualTypeOf<[number, number] | { x: number; y: number }>();
    expectTypeOf<RvMeta['fps']>().toEqualTypeOf<number>();
    expectTypeOf<RvMeta['background']>().toEqualTypeOf<string | RvGradient | undefined>();
    expectTypeOf<RvAssets['images']>().toEqualTypeOf<{ id: string; src: string }[] | undefined>();
    expectTypeOf<RvTrack['clips']>().toEqualTypeOf<RvClip[]>();
    expectTypeOf<RvDocument['tracks']>().toEqualTypeOf<RvTrack[]>();
  });

  it('give the validated value the document type', () => {
    const result = validateRenderingVideo(doc([MINIMAL_CLIPS.text as object as Record<string, unknown>]));
    expect(result.ok).toBe(true);
    if (result.ok) {
      expectTypeOf(result.value).toEqualTypeOf<RvDocument>();
      const first = result.value.tracks[0]?.clips[0];
      expect(first?.type === 'text' ? first.text : undefined).toBe('Hello');
    }
  });
});
