export {
  DEFAULT_OUTPUT_CONFIG,
  type OutputConfig,
  parseOutputConfig,
  type RedactionAction,
} from './config.js';
export { DETECTOR_IDS, DETECTORS } from './detectors/index.js';
export {
  filterOutput,
  type InspectFn,
  type InspectVerdict,
  type OutputContext,
  type OutputDeps,
  type OutputResult,
  type OutputSource,
} from './filter.js';
export { createOutputLayer, type OutputLayer } from './layer.js';
