/**
 * JMH benchmarks of Gradus's kernels, each reported in the unit its target is stated in.
 *
 * <ul>
 *   <li>{@link dev.gradus.bench.DgemmBenchmark}: matrix multiply per BLAS backend; the {@code flop} secondary
 *       metric is in flop/ns, which is GFLOPS.</li>
 *   <li>{@link dev.gradus.bench.ElementwiseBenchmark}: elementwise kernels over 10M doubles next to the STREAM
 *       triad; the {@code bytes} secondary metric is in bytes/ns, which is GB/s.</li>
 *   <li>{@link dev.gradus.bench.MlpStepBenchmark}: one training step (forward, backward, SGD) of a 2-16-16-1
 *       tanh network on a batch of 32, in microseconds.</li>
 * </ul>
 *
 * <p>JMH labels every secondary metric "ops/ns"; the primary rows of the throughput benchmarks (shown as
 * {@code ≈ 10⁻⁸ ops/ns}) are products or passes per nanosecond and can be ignored.
 *
 * <p>Run them through the launcher, which finds a JDK 21+ and builds the shaded jar when needed:
 * {@code ./gradus bench jmh Dgemm -f 1 -wi 3 -i 5}. The jar's entry point,
 * {@link dev.gradus.bench.launch.BenchmarkMain}, refuses an older JVM in one line. Every benchmark forks its JVM
 * with the flags in {@link dev.gradus.bench.JvmFlags}, so the pure-Java BLAS uses the Vector API. Native OpenBLAS
 * uses all cores unless {@code OPENBLAS_NUM_THREADS=1} is set in the environment (the forks inherit it).
 */
package dev.gradus.bench;
