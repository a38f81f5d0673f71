/**
 * Decentralised optimisation without a server: communication graphs ({@link Topology}), synchronous D-SGD with
 * Metropolis weights ({@link DecentralizedSgd}), and two event-driven asynchronous methods on independent Poisson
 * clocks for gradients and communications: randomized gossip ({@link RandomizedGossip}) and DADAO ({@link Dadao}),
 * all on node-local objectives ({@link LocalObjectives}) and all seeded, so every run is reproducible.
 */
package dev.gradus.distributed.gossip;
