/** The ticket classifier: text preparation, hashed features, ONNX inference and its manifest. */
export { prepareTicket, type TicketText } from './text';
export { FEATURE_SPEC, featureSpecHash, featurize } from './features';
export { ModelMismatchError } from './manifest';
export { loadClassifier, type Classifier } from './session';
export { readWeights } from './weights';

/** Where the shipped model lives, relative to the project (or the function's) root. */
export const DEFAULT_MODEL_DIR = 'models/ticket-triage';
