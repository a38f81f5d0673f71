/**
 * Lab experiments of the derivative-free methods (gradus-zeroth): CBO's global search and the Laplace principle,
 * ZO-RankSGD against value-based ZO-SGD, NSGA-II's front on the digest's golden example and on ZDT1, the Deep GA, and
 * EAGAN-lite's two-stage architecture search of small MLP GANs on a ring of Gaussians.
 */
package dev.gradus.lab.experiments.zeroth;
