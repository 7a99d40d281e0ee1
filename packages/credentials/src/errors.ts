/** A problem with an access-key file or a credentials file, with a message that says what to do. */
export class CredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsError';
  }
}
