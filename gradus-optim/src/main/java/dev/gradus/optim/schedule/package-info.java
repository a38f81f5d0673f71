/**
 * Learning-rate and hyperparameter schedules: pure functions of the step counter held in optimizer
 * state, each with a spec form. Factories are in {@link dev.gradus.optim.schedule.Schedules}.
 */
package dev.gradus.optim.schedule;
