/**
 * Top level of a RenderingVideo v2 document (spec digest §1): `meta`, `assets`, `tracks`.
 */
import { Type, type TObject } from '@sinclair/typebox';
import { FONT_STYLES, StringEnum } from './enums.js';
import { closed, FontWeight, Opt, Paint, SubtitleWord } from './common.js';
import { Clip } from './clips.js';

const AssetId = Type.String({ minLength: 1 });
const AssetSrc = Type.String({ minLength: 1 });

const metaProperties = {
  version: Type.String({ minLength: 1, description: 'schema version; "2.0.0" recommended' }),
  title: Opt(Type.String()),
  description: Opt(Type.String()),
  author: Opt(Type.String()),
  createdAt: Opt(Type.String()),
  tags: Opt(Type.Array(Type.String())),
  width: Type.Integer({ minimum: 1, description: 'canvas width, px' }),
  height: Type.Integer({ minimum: 1, description: 'canvas height, px' }),
  fps: Type.Integer({ minimum: 1, description: 'frames per second' }),
  background: Opt(Paint),
};
export interface TMeta extends TObject<typeof metaProperties> {}
/** Canvas and metadata (§1.2). */
export const Meta: TMeta = Type.Object(metaProperties, { ...closed, $id: 'RvMeta' });

const fontAssetProperties = {
  id: AssetId,
  src: AssetSrc,
  family: Type.String({ minLength: 1 }),
  weight: Opt(FontWeight),
  style: Opt(StringEnum(FONT_STYLES)),
};
export interface TFontAsset extends TObject<typeof fontAssetProperties> {}
export const FontAsset: TFontAsset = Type.Object(fontAssetProperties, { ...closed, $id: 'RvFontAsset' });

const mediaAssetProperties = { id: AssetId, src: AssetSrc };
export interface TMediaAsset extends TObject<typeof mediaAssetProperties> {}
/** An image, video, audio or model asset: an id and a URL (or path). */
export const MediaAsset: TMediaAsset = Type.Object(mediaAssetProperties, { ...closed, $id: 'RvMediaAsset' });

const subtitleAssetProperties = { id: AssetId, words: Type.Array(SubtitleWord) };
export interface TSubtitleAsset extends TObject<typeof subtitleAssetProperties> {}
export const SubtitleAsset: TSubtitleAsset = Type.Object(subtitleAssetProperties, { ...closed, $id: 'RvSubtitleAsset' });

const svgAssetProperties = { id: AssetId, svg: Opt(Type.String({ minLength: 1 })), src: Opt(AssetSrc) };
export interface TSvgAsset extends TObject<typeof svgAssetProperties> {}
export const SvgAsset: TSvgAsset = Type.Object(svgAssetProperties, {
    ...closed,
    $id: 'RvSvgAsset',
    anyOf: [{ required: ['svg'] }, { required: ['src'] }],
    errorMessage: 'must have "svg" (inline markup) or "src" (URL)',
  });

const assetsProperties = {
  fonts: Opt(Type.Array(FontAsset)),
  images: Opt(Type.Array(MediaAsset)),
  videos: Opt(Type.Array(MediaAsset)),
  audios: Opt(Type.Array(MediaAsset)),
  subtitles: Opt(Type.Array(SubtitleAsset)),
  models: Opt(Type.Array(MediaAsset)),
  svgs: Opt(Type.Array(SvgAsset)),
};
export interface TAssets extends TObject<typeof assetsProperties> {}
/** Resource pools referenced with `{"$ref": id}` (§1.3). */
export const Assets: TAssets = Type.Object(assetsProperties, { ...closed, $id: 'RvAssets' });

const trackProperties = { id: Opt(Type.String()), clips: Type.Array(Clip) };
export interface TTrack extends TObject<typeof trackProperties> {}
/** A container of clips (§1.5). */
export const Track: TTrack = Type.Object(trackProperties, { ...closed, $id: 'RvTrack' });

/** A RenderingVideo v2 document. */
export const RenderingVideoDocument = Type.Object(
  {
    meta: Meta,
    assets: Opt(Assets),
    tracks: Type.Array(Track, { minItems: 1 }),
  },
  { ...closed, title: 'RenderingVideo v2 document' },
);
