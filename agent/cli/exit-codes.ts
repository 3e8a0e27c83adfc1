/** Exit codes shared by the commands (docs/operations.md lists them). */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
/** EX_CONFIG from sysexits.h: the configuration (or a test file) is wrong. */
export const EXIT_CONFIG = 78;
