/**
 * Euclidean projections onto norm balls {@code {u : ||u - c|| <= r}} for the L-infinity, L2 and L1 norms, on flat
 * arrays and row by row on batches. PGD projects its iterate with them; GIFD projects a generator's intermediate
 * features onto L1 balls around their starting values.
 */
package dev.gradus.robust.projection;
