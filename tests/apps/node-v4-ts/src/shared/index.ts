export * from './names';
export { default as kafka } from './kafka';
