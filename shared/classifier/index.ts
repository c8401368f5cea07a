/** The ticket classifier: text preparation, hashed features, ONNX inference and its manifest. */
export { BODY_CAP_CHARS, prepareTicket, htmlToText, type TicketText } from './text';
export { FEATURE_SPEC, featureSpecHash, featurize, tokenize, type SparseFeatures } from './features';
export { checkManifest, HeadSpec, Manifest, ModelMismatchError } from './manifest';
export { loadClassifier, type Classifier } from './session';
export {
  TAG_MIN_CONFIDENCE,
  type ClassifierInput,
  type HeadPrediction,
  type LabelScore,
  type Prediction,
} from './predict';
export { readWeights } from './weights';

/** Where the shipped model lives, relative to the project (or the function's) root. */
export const DEFAULT_MODEL_DIR = 'models/ticket-triage';
