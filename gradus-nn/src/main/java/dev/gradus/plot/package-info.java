/**
 * Headless PNG plots drawn with XChart: line, scatter and min-max band plots ({@link dev.gradus.plot.XYPlot})
 * and bar plots ({@link dev.gradus.plot.BarPlot}), at a fixed size and resolution ({@link dev.gradus.plot.PlotSize}).
 *
 * <p>The lab report and the trainer's {@code curves.png} both go through this package, so every plot in Gradus
 * looks alike. Rendering is deterministic: the same data gives the same PNG bytes on the same JVM and fonts.
 * No window is ever opened; the JVM is switched to headless mode before the first plot is drawn.
 */
package dev.gradus.plot;
