/** The ticket classifier: text preparation, hashed features, inference over the ONNX model file, its manifest. */

/** @internal exported for tests and benches, not used by the product */
export { prepareTicket, type TicketText } from './text';
/** @internal exported for tests and benches, not used by the product */
export { FEATURE_SPEC, featureSpecHash, featurize } from './features';
/** @internal exported for tests and benches, not used by the product */
export { ModelMismatchError } from './manifest';
export { loadClassifier, type Classifier } from './session';
/** @internal exported for tests and benches, not used by the product */
export { readWeights } from './weights';

/** Where the shipped model lives, relative to the project (or the function's) root. */
export const DEFAULT_MODEL_DIR = 'models/ticket-triage';
