// Each file starts its own sandbox on its own port and data dir, so the shared module cache (isolate: false, in
// the shared config) is safe here: it took the package from 155 to 50 CPU-seconds (149 → 73 s on 2 cores). Two
// files at once (the shared maxWorkers) keep both cores busy while files wait on the AWS CLI or on sockets.
export { default } from '../../vitest.shared.mts';
