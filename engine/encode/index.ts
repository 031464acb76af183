/** Public surface of the encoding layer: binaries, argument builders, encoder choice, processes. */
export { resolveFfmpegPaths, ensureExecutable, type FfmpegPaths } from './ffmpeg-path.js';
export {
  buildVideoEncodeArgs,
  nvencArgs,
  quietArgs,
  DEFAULT_NVENC_CQ,
  DEFAULT_NVENC_PRESET,
  DEFAULT_X264_CRF,
  DEFAULT_X264_PRESET,
  H264_ENCODERS,
  type H264Encoder,
  type VideoEncodeOptions,
} from './ffmpeg-args.js';
export {
  probeH264Encoder,
  encoderPreferenceFromEnv,
  nvencProbeArgs,
  clearEncoderProbeCache,
  NVENC_PROBE_TIMEOUT_MS,
  type EncoderChoice,
  type ProbeH264EncoderOptions,
} from './encoder-probe.js';
export {
  startVideoEncoder,
  runFfmpeg,
  type ExitStatus,
  type RunFfmpegOptions,
  type RunFfmpegResult,
  type StartVideoEncoderOptions,
  type VideoEncoder,
} from './ffmpeg-process.js';
export { StderrTail, DEFAULT_STDERR_TAIL_CHARS } from './stderr-tail.js';
