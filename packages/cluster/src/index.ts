export { MIN_TOKEN, MAX_TOKEN, hashKeyBytes, tokenOf } from './partitioner.js';
