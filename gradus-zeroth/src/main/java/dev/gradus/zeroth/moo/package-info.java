/**
 * Multi-objective search: Deb's fast non-dominated sort, crowding distance, the hypervolume indicator and NSGA-II
 * behind ask/tell. All objectives are minimised; ties are broken by index, so every result is deterministic.
 */
package dev.gradus.zeroth.moo;
