/**
 * Offline RL by distribution-correction estimation: ODICE's true-gradient, semi-gradient and orthogonal-gradient
 * V-DICE updates with weighted behaviour cloning ({@link dev.gradus.rl.dice.Odice}) and the gradient-surgery
 * projection ({@link dev.gradus.rl.dice.GradientSurgery}).
 */
package dev.gradus.rl.dice;
