/** Types of build.mjs (plain JavaScript so the image's build stage runs it with node alone). */
import type { BuildOptions } from 'esbuild';

export declare const NODE_TARGET: string;
export declare function handlerBuildOptions(o: { entry: string; outfile: string; sharedDir: string }): BuildOptions;
export declare function entryBuildOptions(o: { templateDir: string; outdir: string }): BuildOptions;
export declare function buildImageApp(dir: string): Promise<string>;
