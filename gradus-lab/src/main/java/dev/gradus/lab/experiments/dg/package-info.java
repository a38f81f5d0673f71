/**
 * Lab experiments on domain generalization and multi-objective domain adaptation (issue 18): UDIM against SAM
 * and ERM on unseen style-shifted digits, DRM's domain-specific heads against pooled ERM on a held-out domain,
 * and ParetoDA's target-guided Pareto direction against fixed weightings and MGDA. The methods live in
 * {@link dev.gradus.nn.objective} and the domains come from {@link dev.gradus.data.ShiftedDomains}; each class
 * here builds the scaled-down data, runs the methods over seeds and states the claims.
 */
package dev.gradus.lab.experiments.dg;
