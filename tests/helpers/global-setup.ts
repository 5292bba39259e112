/** The `functions` jest project runs the real bundles: build them once before any test file. */
import { buildFunctions } from '../../tools/build-functions';

export default async function globalSetup(): Promise<void> {
  await buildFunctions();
}
