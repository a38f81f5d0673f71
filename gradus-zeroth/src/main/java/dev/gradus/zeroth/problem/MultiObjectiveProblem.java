package dev.gradus.zeroth.problem;

import dev.gradus.tensor.Tensor;
import dev.gradus.zeroth.Problem;

/** A multi-objective test problem with a known Pareto front and a reference point for the hypervolume. */
public interface MultiObjectiveProblem extends Problem {

    /** The reference point of the hypervolume indicator (dominated by the whole front). */
    double[] referencePoint();

    /** About {@code points} points of the analytic Pareto front, as an [k, m] tensor. */
    Tensor front(int points);
}
