// Import first in a lab script: the package's own errors (no credentials, nothing listening, bad target)
// print as their one-line message, not as a stack trace; anything else still prints in full.
process.on('uncaughtException', (error: unknown) => {
  if (error instanceof Error && error.name === 'HandsonAwsError') console.error(`error: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
