package dev.gradus.privacy.accounting;

/**
 * An (epsilon, delta) guarantee with how it was found.
 *
 * @param epsilon ε, possibly infinite (no noise)
 * @param delta δ
 * @param order the RDP order α where the minimum was reached, NaN when no order gave a finite ε
 * @param orderAtEdge whether that order is the first or last of the grid, so a wider grid might give a smaller ε
 *     (Opacus warns then)
 * @param conversion the RDP to (ε, δ) conversion used
 */
public record PrivacyBound(double epsilon, double delta, double order, boolean orderAtEdge, Conversion conversion) {}
