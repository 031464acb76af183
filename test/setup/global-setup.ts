import { makeFixtureMedia } from './fixture-media.js';

export default async function setup(): Promise<void> {
  await makeFixtureMedia();
}
