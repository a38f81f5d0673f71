/**
 * Lab experiments of the reinforcement-learning methods (gradus-rl): N-PG-IGT and N-HARPG on LQR, MDPO against exact
 * mirror descent and PPO, the generalized-Gaussian TD critic, ODICE's orthogonal-gradient update, and DRED's
 * data-regularised level sampling.
 */
package dev.gradus.lab.experiments.rl;
