export * from './time';
export * from './quantity';
export * from './random';
export * from './priority';
export * from './simulator';
