// Filled in by its issue; kept so the workspace builds.
export {};
