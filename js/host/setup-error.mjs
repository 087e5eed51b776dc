// What a person must fix before a run can start (exit code 2): a missing token, a bad path. No
// Node built-in here: the serverless function throws it too.
export class SetupError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SetupError';
    this.exitCode = 2;
  }
}
