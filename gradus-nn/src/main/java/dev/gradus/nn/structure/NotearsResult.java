package dev.gradus.nn.structure;

/**
 * The outcome of a {@link Notears} run.
 *
 * @param weights the estimate after thresholding (row-major, {@code w[i·d + j]} for {@code i → j})
 * @param rawWeights the solver's {@code W⁺ − W⁻} before thresholding
 * @param h the acyclicity {@code h} of the raw weights at the end
 * @param rho the final penalty ρ
 * @param rounds dual ascent rounds run
 * @param innerSolves bounded quasi-Newton solves run
 */
public record NotearsResult(double[] weights, double[] rawWeights, double h, double rho, int rounds,
        int innerSolves) {}
