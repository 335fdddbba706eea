/**
 * The headings of the panels that load lazily, shared by each panel and by the placeholder that holds its
 * place, so that the page's outline is the same before and after a panel's code arrives.
 */
export const LAB_HEADINGS = {
  sweep: { id: 'sweep-heading', text: 'Sweep' },
  race: { id: 'race-heading', text: 'The race: GD vs mini-batch vs SGD' },
  compare: { id: 'compare-heading', text: 'Compare runs' },
  finder: { id: 'finder-heading', text: 'Learning-rate finder' },
  gradients: { id: 'gradient-heading', text: 'The batch’s gradients' },
  landscape: { id: 'landscape-heading', text: 'Loss landscape' },
  distance: { id: 'distance-heading', text: 'Distance to optimum' },
} as const;

/** A panel that loads lazily. */
export type LabName = keyof typeof LAB_HEADINGS;
