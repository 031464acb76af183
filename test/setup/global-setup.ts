import { makeFixtureMedia } from './fixture-media.js';
import { makeMediaFixtures } from './media-fixtures.js';

export default async function setup(): Promise<void> {
  await makeFixtureMedia();
  await makeMediaFixtures();
  await (await import('./three-fixtures.js')).makeThreeFixtures();
}
