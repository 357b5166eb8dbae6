/** Version of the engine, recorded in every decision receipt; kept equal to package.json (tested). */
export const ENGINE_VERSION = '0.1.0';
export const ENGINE_NAME = 'amtsklar-engine';
