/**
 * The benchmark jar's entry point, compiled for Java 8 so that any JVM can run it: it refuses a JDK older than
 * 21 with one clear line and exit status 2 (the benchmarks are Java 21 classes, which an old JVM would fail to
 * load one at a time while JMH went on to print an empty table and exit 0), then runs JMH with its output
 * passed through {@link dev.gradus.bench.launch.IncubatorNoteFilter}.
 */
package dev.gradus.bench.launch;
