/**
 * The element loops that several optimizers share, written once: Adam's moments and direction
 * ({@link dev.gradus.optim.kernel.AdamMoments}), and the fixed chunking that runs a fused step over a
 * large tensor on every core with the same bits as one thread ({@link dev.gradus.optim.kernel.Chunks}).
 *
 * <p>Every loop works on a range {@code [from, to)} of its arrays, so an optimizer's kernel calls them
 * one block at a time: a block of each array fits in the core's cache, so the kernel's several short
 * passes over it cost one pass over memory, and the arithmetic per element is exactly that of a single
 * loop (the same IEEE-754 operations in the same order), which keeps the fused kernels equal to their
 * composed references bit for bit.
 */
package dev.gradus.optim.kernel;
