/** Where this package writes its log lines. `console` fits; pass your app's logger instead. */
export interface EmailLogger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

export const consoleLogger: EmailLogger = {
  info: (message) => console.info(message),
  error: (message, error) =>
    error === undefined ? console.error(message) : console.error(message, error),
};
