/**
 * The lab's experiments on distributed training (gradus-distributed): Deep Gradient Compression, MoNNA against
 * Byzantine nodes, sequential gradient coding under bursty stragglers, and DADAO against gossip.
 */
package dev.gradus.lab.experiments.distributed;
