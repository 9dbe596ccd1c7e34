/**
 * The district facts a course may name with `{{district.KEY}}` placeholders. Each default is honest: it
 * tells the learner where to get the fact rather than inventing one.
 */
export const DISTRICT_KEYS = [
  'reporting_procedure',
  'mckinney_vento_liaison',
  'state_hotline',
  'eap',
  'crisis_line',
] as const;

export type DistrictKey = (typeof DISTRICT_KEYS)[number];
export type DistrictSettings = Readonly<Record<DistrictKey, string>>;

/** Also the default of HEARTH_SUPPORT_TEXT, shown beside content notes. */
export const DEFAULT_SUPPORT_TEXT =
  'If this brings up something hard for you, free and confidential support is available through your district’s employee assistance program (EAP).';

export const DEFAULT_DISTRICT_SETTINGS: DistrictSettings = {
  reporting_procedure:
    'your district’s reporting procedure (ask your principal or school counselor for it today, before you need it)',
  mckinney_vento_liaison:
    'your district’s McKinney-Vento (homeless education) liaison (ask your principal or the front office who it is and how to reach them)',
  state_hotline: 'your state’s child abuse hotline (ask your principal or school counselor for the number)',
  eap: DEFAULT_SUPPORT_TEXT,
  crisis_line: '988, the Suicide & Crisis Lifeline (call or text 988)',
};

/** The environment variable that sets each fact (eap falls back to HEARTH_SUPPORT_TEXT). */
export const DISTRICT_VARIABLES: Readonly<Record<DistrictKey, string>> = {
  reporting_procedure: 'HEARTH_REPORTING_PROCEDURE',
  mckinney_vento_liaison: 'HEARTH_MCKINNEY_VENTO_LIAISON',
  state_hotline: 'HEARTH_STATE_HOTLINE',
  eap: 'HEARTH_EAP',
  crisis_line: 'HEARTH_CRISIS_LINE',
};
