// Run by `npm install` (the prepare script): the stylesheet is compiled once at install, not at first start.
import { buildAssets } from '../src/platform/views/assets.ts';

await buildAssets();
