/**
 * The audio mix as pure functions: the ffmpeg graph it builds, tempo chains, pan law, number
 * formatting, and the gain model (volume × envelope × fades × ducking) evaluated in JS.
 */
import { describe, expect, it } from 'vitest';
import {
  atempoChain,
  audioCodecFor,
  buildAudioMixArgs,
  buildAudioMixGraph,
  buildSilenceArgs,
  clipGainAt,
  clipGainExpression,
  detuneRate,
  easingExpression,
  exprNumber,
  MIX_EASINGS,
  panGains,
  soundingWindow,
  type AudioMixClip,
  type AudioMixPlan,
} from '../../../engine/media/audio-mix.js';
import { EASINGS } from '../../../engine/timeline/easing.js';
import { hasErrorCode } from '../../../engine/errors.js';

function clip(extra: Partial<AudioMixClip> = {}): AudioMixClip {
  return {
    id: 'a', file: '/media/a.wav', startSeconds: 0, durationSeconds: 2, trimStartSeconds: 0,
    volume: 1, muted: false, playbackRate: 1, loop: false, ...extra,
  };
}

function plan(clips: AudioMixClip[], durationSeconds = 4): AudioMixPlan {
  return { durationSeconds, sampleRate: 48000, clips };
}

describe('buildAudioMixArgs', () => {
  it('one input per audible clip, a chain per clip, amix then volume=N, 48 kHz stereo output', () => {
    const args = buildAudioMixArgs(plan([
      clip({ id: 'a', startSeconds: 1.5, trimStartSeconds: 0.25, trimEndSeconds: 1.25, volume: 0.5 }),
      clip({ id: 'b', file: '/media/b.mp3' }),
      clip({ id: 'c', muted: true }),
      clip({ id: 'd', volume: 0 }),
    ]), { output: 'out.wav' });
    expect(args.filter((a) => a === '-i')).toHaveLength(2);
    expect(args.slice(args.indexOf('-ss'), args.indexOf('-ss') + 4)).toEqual(['-ss', '0.25', '-i', '/media/a.wav']);
    const graph = args[args.indexOf('-filter_complex') + 1]!;
    expect(graph).toContain('[0:a:0]aformat=sample_fmts=fltp:channel_layouts=stereo,aresample=48000,atrim=end_sample=48000,asetpts=N/SR/TB');
    expect(graph).toContain('volume=0.5');
    expect(graph).toContain('adelay=72000S|72000S');
    expect(graph).toContain('apad,atrim=end_sample=192000');
    expect(graph).toContain('[c0][c1]amix=inputs=2:duration=longest:dropout_transition=0,volume=2[mix]');
    expect(args.slice(-9)).toEqual(['-c:a', 'pcm_s16le', '-ar', '48000', '-ac', '2', '-f', 'wav', 'out.wav']);
  });

  it('a single clip needs no amix; no clip gives anullsrc silence of the exact length', () => {
    expect(buildAudioMixGraph(plan([clip()])).graph).toMatch(/\[c0\]anull\[mix\]$/);
    const silent = buildAudioMixGraph(plan([clip({ muted: true })], 1.5));
    expect(silent.inputs).toEqual([]);
    expect(silent.graph).toBe('anullsrc=r=48000:cl=stereo,atrim=end_sample=72000[mix]');
    expect(buildSilenceArgs(2, 'x.m4a')).toContain('aac');
  });

  it('files known to have no sound are left out; mono files are up-mixed at full level', () => {
    const g = buildAudioMixGraph(plan([clip(), clip({ id: 'v', file: '/media/v.mp4' })]), {
      '/media/a.wav': { hasAudio: true, channels: 1, durationSeconds: 1 },
      '/media/v.mp4': { hasAudio: false },
    });
    expect(g.mixedClipIds).toEqual(['a']);
    expect(g.graph.startsWith('[0:a:0]pan=stereo|c0=c0|c1=c0,')).toBe(true);
  });

  it('loops with aloop sized to the source range, enough plays to fill the window', () => {
    const g = buildAudioMixGraph(plan([clip({ loop: true, durationSeconds: 3.5, trimStartSeconds: 0.5, trimEndSeconds: 1.5 })]));
    expect(g.graph).toContain('atrim=end_sample=48000,asetpts=N/SR/TB,aloop=loop=4:size=48000,asetpts=N/SR/TB');
    expect(g.graph).toContain('atrim=end_sample=168000');
    // The source duration from ffprobe stands in for a missing trimEnd.
    const probed = buildAudioMixGraph(plan([clip({ loop: true, durationSeconds: 3 })]), { '/media/a.wav': { hasAudio: true, durationSeconds: 1 } });
    expect(probed.graph).toContain('aloop=loop=3:size=48000');
    // No range known: an error, not an endless loop.
    expect(() => buildAudioMixGraph(plan([clip({ loop: true })]))).toThrow('a looping clip needs trimEndSeconds or the source duration');
    // A source longer than the window does not loop.
    expect(buildAudioMixGraph(plan([clip({ loop: true, trimEndSeconds: 5 })])).graph).not.toContain('aloop');
  });

  it('tempo, detune and pan filters', () => {
    const g = buildAudioMixGraph(plan([clip({ playbackRate: 6, detuneCents: 1200, pan: -1 })])).graph;
    expect(g).toContain('asetrate=96000,aresample=48000,atempo=1.732050807569,atempo=1.732050807569,asetpts=N/SR/TB');
    expect(g).toContain('pan=stereo|c0=1.414213562373*c0|c1=0*c1');
    expect(buildAudioMixGraph(plan([clip({ playbackRate: 2 })])).graph).toContain('atempo=2,asetpts');
  });

  it('time-varying gain goes into aeval; a long graph can go to a script file', () => {
    const g = buildAudioMixGraph(plan([clip({ fadeInSeconds: 0.5, volume: 0.8 })])).graph;
    expect(g).toContain("aeval=exprs='val(ch)*if(lt(t,0.5),0.8*clip(t/0.5,0,1),0.8)':channel_layout=stereo");
    const args = buildAudioMixArgs(plan([clip()]), { output: 'o.m4a', filterScriptPath: '/tmp/g.txt' });
    expect(args).toContain('-filter_complex_script');
    expect(args).not.toContain('-filter_complex');
    expect(args.slice(-11)).toEqual(['-c:a', 'aac', '-b:a', '192k', '-ar', '48000', '-ac', '2', '-movflags', '+faststart', '-f', 'mp4', 'o.m4a'].slice(-11));
  });

  it('clips past the end are cut, clips starting after the end are dropped', () => {
    const g = buildAudioMixGraph(plan([clip({ startSeconds: 3, durationSeconds: 5 }), clip({ id: 'late', startSeconds: 4.5 })], 4));
    expect(g.mixedClipIds).toEqual(['a']);
    expect(g.graph).toContain('atrim=end_sample=48000,adelay=144000S|144000S');
  });

  it('rejects bad plans with ERR_TIMELINE_INVALID naming the clip', () => {
    const bad = (c: Partial<AudioMixClip>): unknown => {
      try {
        buildAudioMixGraph(plan([clip({ pointer: '/tracks/1/clips/0', ...c })]));
      } catch (err) {
        return err;
      }
      return undefined;
    };
    for (const c of [{ playbackRate: 0 }, { startSeconds: -1 }, { volume: Number.NaN }, { trimStartSeconds: 2, trimEndSeconds: 1 }]) {
      const err = bad(c);
      expect(hasErrorCode(err, 'ERR_TIMELINE_INVALID'), JSON.stringify(c)).toBe(true);
      expect(String(err)).toContain('/tracks/1/clips/0');
    }
    expect(() => buildAudioMixGraph({ durationSeconds: 1, sampleRate: 44100 as 48000, clips: [] })).toThrow('48000');
    expect(() => buildAudioMixGraph(plan([], 0))).toThrow('durationSeconds');
  });

  it('picks the codec from the extension', () => {
    expect(audioCodecFor('a.wav')).toBe('pcm_s16le');
    expect(audioCodecFor('a.M4A')).toBe('aac');
    expect(() => audioCodecFor('a.ogg')).toThrow('cannot tell the format');
  });
});

describe('helpers', () => {
  it('atempo chains keep each factor in 0.5..2 and multiply to the rate', () => {
    expect(atempoChain(1)).toEqual([]);
    expect(atempoChain(2)).toEqual([2]);
    expect(atempoChain(0.5)).toEqual([0.5]);
    expect(atempoChain(4)).toEqual([2, 2]);
    expect(atempoChain(0.25)).toEqual([0.5, 0.5]);
    for (const r of [0.1, 0.3, 0.7, 1.5, 3, 7.5, 16]) {
      const chain = atempoChain(r);
      expect(chain.every((f) => f >= 0.5 - 1e-9 && f <= 2 + 1e-9)).toBe(true);
      expect(chain.reduce((a, b) => a * b, 1)).toBeCloseTo(r, 9);
    }
    expect(() => atempoChain(0)).toThrow();
  });

  it('constant-power pan: identity at 0, one side silent at ±1, power constant', () => {
    expect(panGains(0)).toEqual({ left: expect.closeTo(1, 12), right: expect.closeTo(1, 12) });
    expect(panGains(-1)).toEqual({ left: expect.closeTo(Math.SQRT2, 12), right: 0 });
    expect(panGains(1)).toEqual({ left: 0, right: expect.closeTo(Math.SQRT2, 12) });
    for (const p of [-0.7, -0.2, 0.3, 0.9]) {
      const { left, right } = panGains(p);
      expect(left * left + right * right).toBeCloseTo(2, 12);
    }
  });

  it('detune: rounded asetrate and the exact ratio it gives', () => {
    expect(detuneRate(1200)).toEqual({ rate: 96000, ratio: 2 });
    expect(detuneRate(-1200)).toEqual({ rate: 24000, ratio: 0.5 });
    expect(detuneRate(100).rate).toBe(50854);
  });

  it('formats numbers for ffmpeg expressions without exponents', () => {
    expect(exprNumber(0.5)).toBe('0.5');
    expect(exprNumber(2)).toBe('2');
    expect(exprNumber(-0.25)).toBe('(-0.25)');
    expect(exprNumber(1e-7)).toBe('0.0000001');
    expect(exprNumber(1 / 3)).toBe('0.333333333333');
    expect(exprNumber(-0)).toBe('0');
    expect(() => exprNumber(Number.NaN)).toThrow();
  });

  it('has an ffmpeg expression for each of the 22 easings', () => {
    expect(MIX_EASINGS.sort()).toEqual(Object.keys(EASINGS).sort());
    expect(easingExpression('nope', 'x')).toBe('x');
  });

  it('the sounding window of a clip ends when a non-looping source runs out', () => {
    expect(soundingWindow(clip({ startSeconds: 1, durationSeconds: 5 }), { hasAudio: true, durationSeconds: 2 })).toEqual({ start: 1, end: 3 });
    expect(soundingWindow(clip({ startSeconds: 1, durationSeconds: 5, playbackRate: 2, trimStartSeconds: 1, trimEndSeconds: 2 }))).toEqual({ start: 1, end: 1.5 });
    expect(soundingWindow(clip({ startSeconds: 1, durationSeconds: 5, loop: true }), { hasAudio: true, durationSeconds: 2 })).toEqual({ start: 1, end: 6 });
  });
});

describe('the gain model', () => {
  it('the expression is a tree of pieces: constant parts multiplied out, only ramps left', () => {
    const music = clip({ id: 'm', durationSeconds: 6, volume: 0.5, fadeOutSeconds: 1, ducking: { targets: ['v'], amount: 0.5, attackSeconds: 0.5, releaseSeconds: 0.5 } });
    const p = plan([music, clip({ id: 'v', startSeconds: 2, durationSeconds: 1 })], 6);
    expect(clipGainExpression(music, p)).toBe(
      'if(lt(t,3),if(lt(t,2.5),if(lt(t,2),0.5,0.5*(1-0.5*(t-2)/0.5)),0.25),' +
        'if(lt(t,5),if(lt(t,3.5),0.5*(1-0.5*1*(1-(t-3)/0.5)),0.5),0.5*clip((6-t)/1,0,1)))',
    );
  });

  it('constant gain needs no expression', () => {
    expect(clipGainExpression(clip({ volume: 0.5 }), plan([]))).toBeUndefined();
    expect(clipGainAt(clip({ volume: 0.5 }), plan([]), 1)).toBe(0.5);
  });

  it('fades: linear from 0 over fadeIn, to 0 over the window\'s last fadeOut seconds', () => {
    const c = clip({ durationSeconds: 2, fadeInSeconds: 0.5, fadeOutSeconds: 1, volume: 0.8 });
    const p = plan([c]);
    expect(clipGainAt(c, p, 0)).toBe(0);
    expect(clipGainAt(c, p, 0.25)).toBeCloseTo(0.4, 12);
    expect(clipGainAt(c, p, 0.5)).toBeCloseTo(0.8, 12);
    expect(clipGainAt(c, p, 1)).toBeCloseTo(0.8, 12);
    expect(clipGainAt(c, p, 1.5)).toBeCloseTo(0.4, 12);
    expect(clipGainAt(c, p, 2)).toBe(0);
  });

  it('envelope: holds before the first and after the last point; the easing of a point shapes the segment ending there', () => {
    const c = clip({ gainEnvelope: [{ timeSeconds: 1, volume: 0.2 }, { timeSeconds: 0.5, volume: 1, easing: 'linear' }, { timeSeconds: 1.5, volume: 0.6, easing: 'easeInQuad' }] });
    const p = plan([c]);
    expect(clipGainAt(c, p, 0)).toBe(1);
    expect(clipGainAt(c, p, 0.75)).toBeCloseTo(0.6, 12);
    expect(clipGainAt(c, p, 1.25)).toBeCloseTo(0.2 + 0.4 * 0.25, 12);
    expect(clipGainAt(c, p, 1.9)).toBeCloseTo(0.6, 12);
  });

  it('ducking: (1 − amount) while a target sounds, linear attack from its start and release from its end', () => {
    const music = clip({ id: 'music', durationSeconds: 6, ducking: { targets: ['voice', 'ghost'], amount: 0.6, attackSeconds: 0.2, releaseSeconds: 0.5 } });
    const voice = clip({ id: 'voice', file: '/media/v.wav', startSeconds: 2, durationSeconds: 1 });
    const p = plan([music, voice], 6);
    const g = (t: number): number => clipGainAt(music, p, t);
    expect(g(1.9)).toBe(1);
    expect(g(2)).toBe(1);
    expect(g(2.1)).toBeCloseTo(0.7, 12);
    expect(g(2.5)).toBeCloseTo(0.4, 12);
    expect(g(3)).toBeCloseTo(0.4, 12);
    expect(g(3.25)).toBeCloseTo(0.7, 12);
    expect(g(3.5)).toBe(1);
    // A muted target, or one whose clip is not in the plan, ducks nothing.
    const quiet = plan([music, { ...voice, muted: true }], 6);
    expect(clipGainAt(music, quiet, 2.5)).toBe(1);
    expect(clipGainExpression(music, quiet)).toBeUndefined();
  });

  it('ducking: overlapping targets merge; a target shorter than the attack releases from where it got', () => {
    const music = clip({ id: 'm', durationSeconds: 10, startSeconds: 1, ducking: { targets: ['a', 'b', 'c'], amount: 1, attackSeconds: 1, releaseSeconds: 1 } });
    const a = clip({ id: 'a', startSeconds: 2, durationSeconds: 2 });
    const b = clip({ id: 'b', startSeconds: 3, durationSeconds: 2 });
    const c = clip({ id: 'c', startSeconds: 8, durationSeconds: 0.5 });
    const p = plan([music, a, b, c], 12);
    const g = (timeline: number): number => clipGainAt(music, p, timeline - 1);
    expect(g(2.5)).toBeCloseTo(0.5, 12);
    expect(g(4.5)).toBeCloseTo(0, 12); // merged [2, 5]: still fully ducked
    expect(g(5.5)).toBeCloseTo(0.5, 12);
    expect(g(8.5)).toBeCloseTo(0.5, 12); // reached 0.5 after 0.5 s of a 1 s attack
    expect(g(9)).toBeCloseTo(0.75, 12); // released half of the way back
    expect(g(9.5)).toBe(1);
  });
});
