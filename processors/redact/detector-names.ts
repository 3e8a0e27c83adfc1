/** The built-in detectors' names, apart from their code so the config schema loads without libphonenumber-js. */
export const DETECTOR_NAMES = ['card', 'iban', 'email', 'phone', 'ip'] as const;
export type DetectorName = (typeof DETECTOR_NAMES)[number];
