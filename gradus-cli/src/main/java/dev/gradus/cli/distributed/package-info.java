/** {@code gradus distributed}: data-parallel training in-process, with compressors, robust aggregators and attacks. */
package dev.gradus.cli.distributed;
