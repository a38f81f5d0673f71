/**
 * Straggler mitigation by gradient coding: Tandon et al.'s codes ({@link GradientCode}: fractional repetition and
 * cyclic repetition, decoded from any {@code n - s} workers), the {@code (B, W, lambda)}-bursty straggler model
 * ({@link BurstyStragglerModel}), and the sequential schemes of Krishnan, Ebrahimi and Khisti (ICLR 2023) that
 * also code across rounds ({@link SequentialScheme}: GC, SR-SGC, M-SGC), simulated round by round with
 * decodability and simulated runtime ({@link SequentialSimulation}).
 */
package dev.gradus.distributed.coding;
