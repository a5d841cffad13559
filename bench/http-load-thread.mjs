// The load thread's entry: a worker thread does not inherit the tsx loader of its process, so it registers its own.
import { register } from 'tsx/esm/api';

register();
await import('./http-load-thread.ts');
