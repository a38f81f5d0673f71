/** {@code gradus minimize}: derivative-free minimization of a test objective with an ask/tell method. */
package dev.gradus.cli.zeroth;
