/**
 * Delivery sites (issue 4, point 5): each buyer names the places it has
 * goods delivered to (« Cuisine centrale », « École Jean-Jaurès ») once, and
 * picks them in any need of any of its plans.
 */
import type { Place } from '../model';

/** A named delivery site of a buyer. */
export interface DeliverySite {
  buyer: string;
  name: string;
  /** The place as the buyer typed it. */
  placeText: string;
  /** The commune it resolved to (the one chosen, for a name several share). */
  place: Place;
  /** ISO date-time of the last save. */
  updatedAt: string;
}

/**
 * A site to save (a site of the same buyer and name is replaced). `place`
 * is the commune chosen when `placeText` names several.
 */
export interface SiteRequest {
  buyer: string;
  name: string;
  placeText: string;
  place?: Place | null;
}

/** Which site to delete. */
export interface SiteKey {
  buyer: string;
  name: string;
}
