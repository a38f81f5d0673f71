/**
 * Lab experiments of the derivative-free methods (gradus-zeroth): CBO's global search and the Laplace principle,
 * ZO-RankSGD against value-based ZO-SGD, and NSGA-II's front on the digest's golden example and on ZDT1.
 */
package dev.gradus.lab.experiments.zeroth;
