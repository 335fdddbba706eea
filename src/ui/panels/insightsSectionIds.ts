/** The names of the "Curvature & noise" section, shared by its placeholder and its lazily loaded content. */

/** The id of the section, for the links that open it. */
export const INSIGHTS_SECTION_ID = 'curvature-and-noise';
/** The section's accessible name. */
export const INSIGHTS_LABEL = 'Curvature and noise';
/** The section's visible heading. */
export const INSIGHTS_HEADING = 'Curvature & noise';
