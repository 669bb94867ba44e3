export * from './image.events';
export * from './image.state';
export * from './image.decide';
export * from './image-reference';
export * from './image-namespace';
