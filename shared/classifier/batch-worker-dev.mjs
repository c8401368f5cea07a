// Entry of a batch worker when the classifier runs from its TypeScript sources (under tsx): in
// Node 20 a worker does not inherit its parent's loader hooks, so it registers tsx itself.
import { register } from 'tsx/esm/api';

register();
await import('./batch-worker.ts');
