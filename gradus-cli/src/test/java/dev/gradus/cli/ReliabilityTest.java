package dev.gradus.cli;

import dev.gradus.tensor.io.DirectoryLock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The command line as a hostile user drives it: every case starts {@code gradus} as a separate process and
 * asserts its exit status, a fragment of its message, that no JVM stack trace or raw exception name reaches the
 * user, and what the output directory holds afterwards: untouched when it held a run, and no partial results
 * (a summary without a model) ever. The table covers bad paths, bad data, bad specs, divergence, resume
 * mistakes, damaged checkpoints, replays and CLI misuse; separate tests cover concurrent runs on one
 * directory, {@code kill -9} at random points followed by {@code --resume} (compared byte for byte with an
 * uninterrupted run), and a full disk on a small tmpfs (skipped, saying so, where mounting is not allowed).
 */
class ReliabilityTest {
    /** The result files of a training run; they appear all together or not at all. */
    static final List<String> RESULTS = List.of("metrics.csv", "summary.json", "curves.png", "model.safetensors");

    @TempDir
    static Path shared;

    /** A finished 2-epoch iris run; cases copy it before they try to damage or misuse it. */
    static Path trained;

    record Run(int code, String out, String err) {}

    /** What a case does to its directory first; returns the arguments of the command to run. */
    interface Setup {
        List<String> prepare(Path dir) throws Exception;
    }

    /** How the output directory must look afterwards. */
    enum After {
        /** Exactly as before the command (the directory held a run, a file, or nothing). */
        UNTOUCHED,
        /** Holds no result file. */
        NO_RESULTS,
        /** Holds all of them. */
        ALL_RESULTS
    }

    record Case(String name, Setup setup, int code, String fragment, After after) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void trainOnce() throws Exception {
        trained = shared.resolve("trained");
        Run r = gradus(shared, Map.of(), "train", "--data", "iris", "--model", "mlp(hidden=(8,))", "--optimizer",
                "adam(lr=1e-2)", "--epochs", "2", "--out", trained.toString());
        assertThat(r.code()).as(r.err()).isZero();
    }

    // ------------------------------------------------------------------------------------------- the table

    static List<String> train(Path dir, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--data", "iris", "--model", "mlp(hidden=(8,))",
                "--epochs", "1", "--out", dir.resolve("out").toString()));
        a.addAll(List.of(more));
        return a;
    }

    /** The arguments of a resume of the trained run, copied into {@code dir/out}. */
    static List<String> resumeTrained(Path dir, String... more) throws IOException {
        copyTree(trained, dir.resolve("out"));
        List<String> a = List.of("train", "--data", "iris", "--model", "mlp(hidden=(8,))", "--optimizer",
                "adam(lr=1e-2)", "--epochs", "3", "--resume", "--out", dir.resolve("out").toString());
        return replace(a, more);
    }

    /**
     * {@code base} with each {@code --flag value} pair of {@code more} replacing the value of the same flag in
     * {@code base}, or added; a lone last flag ({@code --resume}) is added.
     */
    static List<String> replace(List<String> base, String... more) {
        List<String> a = new ArrayList<>(base);
        int i = 0;
        for (; i + 1 < more.length; i += 2) {
            int at = a.indexOf(more[i]);
            if (at >= 0) {
                a.set(at + 1, more[i + 1]);
            } else {
                a.add(more[i]);
                a.add(more[i + 1]);
            }
        }
        if (i < more.length) {
            a.add(more[i]);
        }
        return a;
    }

    static Path csv(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    static String rows(int n, Function<Integer, String> label) {
        StringBuilder sb = new StringBuilder("a,b,label\n");
        Random r = new Random(n);
        for (int i = 0; i < n; i++) {
            sb.append(r.nextGaussian()).append(',').append(r.nextGaussian()).append(',').append(label.apply(i))
                    .append('\n');
        }
        return sb.toString();
    }

    static List<String> trainCsv(Path dir, Path file, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--data", file.toString(), "--model", "logistic",
                "--epochs", "1", "--out", dir.resolve("out").toString()));
        a.addAll(List.of(more));
        return a;
    }

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        // --- output directories
        c.add(new Case("train --out names a file", d -> {
            Files.writeString(d.resolve("out"), "mine");
            return train(d);
        }, 2, "it is a file, not a directory", After.UNTOUCHED));
        c.add(new Case("train --out under a file", d -> {
            Files.writeString(d.resolve("f"), "mine");
            return replace(train(d), "--out", d.resolve("f/out").toString());
        }, 2, "is a file, not a directory", After.UNTOUCHED));
        c.add(new Case("train into a directory that holds a run, without --resume", d -> {
            copyTree(trained, d.resolve("out"));
            return train(d);
        }, 2, "already holds a checkpoint; add --resume", After.UNTOUCHED));
        c.add(new Case("lab --out names a file", d -> {
            Files.writeString(d.resolve("out"), "mine");
            return List.of("lab", "run", "--out", d.resolve("out").toString(), "lr-perceptron");
        }, 2, "it is a file, not a directory", After.UNTOUCHED));
        c.add(new Case("train while another process holds the directory", d -> {
            return train(d); // the lock is taken by the test itself, see run()
        }, 2, "is in use by another run (pid " + ProcessHandle.current().pid(), After.NO_RESULTS));
        // --- data
        c.add(new Case("missing data file", d -> replace(train(d), "--data", d.resolve("no-such.csv").toString()), 2,
                "no such file", After.NO_RESULTS));
        c.add(new Case("empty CSV", d -> trainCsv(d, csv(d, "e.csv", "")), 2, "empty file", After.NO_RESULTS));
        c.add(new Case("CSV with a header only", d -> trainCsv(d, csv(d, "h.csv", "a,b,label\n")), 2, "no data rows",
                After.NO_RESULTS));
        c.add(new Case("one class", d -> trainCsv(d, csv(d, "one.csv", rows(60, i -> "cat"))), 2,
                "one class cannot be learned", After.NO_RESULTS));
        c.add(new Case("a class per sample", d -> trainCsv(d, csv(d, "ids.csv", rows(400, i -> "id" + i))), 2,
                "400 distinct labels among 400 samples", After.NO_RESULTS));
        c.add(new Case("a word among numeric labels", d -> trainCsv(d, csv(d, "mixed.csv",
                rows(60, i -> i == 40 ? "unknown" : Integer.toString(i % 2)))), 2,
                "mixed.csv:42: label 'unknown' is not a number, but the label at line 2", After.NO_RESULTS));
        c.add(new Case("NaN among the features", d -> trainCsv(d, csv(d, "nan.csv", rows(30, i -> "" + i % 2)
                + "NaN,1,0\n")), 2, "nan.csv:32: column 1", After.NO_RESULTS));
        c.add(new Case("--task regression on integer labels trains", d -> trainCsv(d, csv(d, "counts.csv",
                rows(60, i -> Integer.toString(i % 7))), "--task", "regression"), 0, "1 epochs", After.ALL_RESULTS));
        c.add(new Case("--task regression on a bundled classification", d -> train(d, "--task", "regression"), 2,
                "is a classification data set, not a regression", After.NO_RESULTS));
        c.add(new Case("unknown --task", d -> train(d, "--task", "ranking"), 2, "unknown task 'ranking'",
                After.NO_RESULTS));
        c.add(new Case("a model too big for the heap", d -> replace(train(d), "--model", "mlp(hidden=(60000, 60000))"),
                2, "not enough memory for iris with mlp", After.NO_RESULTS));
        // --- specs and options
        c.add(new Case("unknown optimizer", d -> train(d, "--optimizer", "adamm(lr=1)"), 2, "adamm",
                After.NO_RESULTS));
        c.add(new Case("unknown hyperparameter", d -> train(d, "--optimizer", "adam(lrr=1)"), 2, "lrr",
                After.NO_RESULTS));
        c.add(new Case("a spec nested 2000 deep", d -> train(d, "--optimizer", "chain(".repeat(2000)
                + ")".repeat(2000)), 2, "more than 64 levels deep", After.NO_RESULTS));
        c.add(new Case("a model spec nested 2000 deep", d -> replace(train(d), "--model", "mlp(hidden="
                + "(".repeat(2000) + "8" + ")".repeat(2000) + ")"), 2, "more than 64 levels deep", After.NO_RESULTS));
        c.add(new Case("bad model spec", d -> replace(train(d), "--model", "mlp(hiden=(8,))"), 2, "hiden",
                After.NO_RESULTS));
        c.add(new Case("negative epochs", d -> replace(train(d), "--epochs", "-1"), 2, "epochs must be >= 0",
                After.NO_RESULTS));
        c.add(new Case("zero batch size", d -> train(d, "--batch-size", "0"), 2, "batch size must be positive",
                After.NO_RESULTS));
        c.add(new Case("divergence factor below 1", d -> train(d, "--divergence-factor", "0.5"), 2,
                "divergence factor must be a number above 1", After.NO_RESULTS));
        c.add(new Case("non-numeric option value", d -> train(d, "--seed", "abc"), 2, "Invalid value for option"
                + " '--seed'", After.NO_RESULTS));
        // --- divergence
        c.add(new Case("sgd(lr=1e6) diverges", d -> replace(train(d, "--optimizer", "sgd(lr=1e6)"), "--epochs", "3"),
                2, "training diverged at step", After.NO_RESULTS));
        // --- resume
        c.add(new Case("--resume with no checkpoint", d -> train(d, "--resume"), 2, "no checkpoint to resume from",
                After.NO_RESULTS));
        c.add(new Case("--resume with fewer epochs than done", d -> resumeTrained(d, "--epochs", "1"), 2,
                "has already trained 2 epochs, more than the 1 asked for", After.UNTOUCHED));
        c.add(new Case("--resume with another optimizer", d -> resumeTrained(d, "--optimizer", "sgd(lr=0.1)"), 2,
                "belongs to a different run: optimizer was 'adam(lr=0.01", After.UNTOUCHED));
        c.add(new Case("--resume with another model", d -> resumeTrained(d, "--model", "mlp(hidden=(9,))"), 2,
                "was made for another model", After.UNTOUCHED));
        c.add(new Case("--resume on other data", d -> resumeTrained(d, "--split-seed", "5"), 2,
                "train_data was", After.UNTOUCHED));
        c.add(new Case("--resume from a damaged checkpoint", d -> {
            List<String> a = resumeTrained(d);
            Path main = d.resolve("out/checkpoint.safetensors");
            byte[] b = Files.readAllBytes(main);
            b[b.length - 5] ^= 0x20;
            Files.write(main, b);
            return a;
        }, 2, "do not match the hash", After.UNTOUCHED));
        c.add(new Case("--resume from a truncated checkpoint", d -> {
            List<String> a = resumeTrained(d);
            Path main = d.resolve("out/checkpoint.safetensors");
            byte[] b = Files.readAllBytes(main);
            Files.write(main, java.util.Arrays.copyOf(b, b.length / 2));
            return a;
        }, 2, "is damaged", After.UNTOUCHED));
        // --- replay
        c.add(new Case("replay of a missing file", d -> List.of("optim", "replay", "--input",
                d.resolve("nope.json").toString()), 2, "--input " , After.UNTOUCHED));
        c.add(new Case("replay of a directory", d -> List.of("optim", "replay", "--input", d.toString()), 2,
                "is a directory", After.UNTOUCHED));
        c.add(new Case("replay with no steps exits 1", d -> List.of("optim", "replay", "--input", csv(d, "e.json",
                "{\"optimizer\": \"sgd(lr=0.1)\", \"params\": {\"w\": {\"shape\": [1], \"data\": [1.0]}},"
                        + " \"steps\": []}").toString()), 1, "nothing compared", After.UNTOUCHED));
        c.add(new Case("replay with NaN", d -> List.of("optim", "replay", "--input", csv(d, "n.json",
                "{\"optimizer\": \"sgd(lr=0.1)\",\n \"params\": NaN}").toString()), 2,
                "n.json:2:", After.UNTOUCHED));
        c.add(new Case("replay of JSON nested 5000 deep", d -> List.of("optim", "replay", "--input", csv(d, "deep.json",
                "{\"params\": " + "[".repeat(5000) + "]".repeat(5000) + "}").toString()), 2, "nesting depth",
                After.UNTOUCHED));
        c.add(new Case("replay with a bad spec", d -> List.of("optim", "replay", "--spec", "sgd(lr=", "--input",
                csv(d, "s.json", "{\"params\": {\"w\": {\"shape\": [1], \"data\": [1.0]}}, \"steps\": []}")
                        .toString()), 2, "spec", After.UNTOUCHED));
        // --- the command line itself
        c.add(new Case("optim without a subcommand", d -> List.of("optim"), 2, "a subcommand is required",
                After.UNTOUCHED));
        c.add(new Case("bench without a subcommand", d -> List.of("bench"), 2, "a subcommand is required",
                After.UNTOUCHED));
        c.add(new Case("an unknown preset", d -> List.of("lab", "--preset", "fast", "list"), 2,
                "unknown preset 'fast': expected quick or full", After.UNTOUCHED));
        c.add(new Case("the same lab option before and after run", d -> List.of("lab", "--seed", "3", "run",
                "--seed", "4", "lr-perceptron"), 2, "--seed is given twice with different values: 3 before 'run' and 4"
                + " after it", After.UNTOUCHED));
        c.add(new Case("an unknown subcommand", d -> List.of("trian"), 2, "Unmatched argument", After.UNTOUCHED));
        c.add(new Case("compare with a diverging optimizer leaves no runs", d -> List.of("compare", "--data", "iris",
                "--model", "logistic", "--optimizers", "sgd(lr=0.1); sgd(lr=1e6)", "--seeds", "1", "--epochs", "3",
                "--out", d.resolve("out").toString()), 2, "training diverged", After.NO_RESULTS));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachFailureIsOneClearLineAndLeavesTheDirectoryAsItWas(Case c, @TempDir Path dir) throws Exception {
        List<String> args = c.setup().prepare(dir);
        Path out = dir.resolve("out");
        boolean existed = Files.exists(out);
        Map<String, String> before = snapshot(dir);
        Run r;
        if (c.name().startsWith("train while another process")) {
            try (DirectoryLock held = DirectoryLock.acquire(out, "the reliability test")) {
                r = gradus(dir, Map.of(), args.toArray(String[]::new));
            }
        } else {
            r = gradus(dir, Map.of(), args.toArray(String[]::new));
        }
        String all = r.out() + r.err();
        assertThat(r.code()).as("exit status; stderr: %s", r.err()).isEqualTo(c.code());
        assertThat(all).contains(c.fragment());
        assertThat(r.err()).as("no stack trace or raw exception").doesNotContain("\tat ").doesNotContain("Exception:")
                .doesNotContain("java.lang.").doesNotContain("Error:");
        if (c.code() != 0) {
            assertThat(r.err()).as("the error is on stderr").isNotBlank();
        }
        switch (c.after()) {
            case UNTOUCHED -> assertThat(snapshot(dir)).isEqualTo(before);
            case NO_RESULTS -> {
                for (String f : RESULTS) {
                    assertThat(out.resolve(f)).as(f).doesNotExist();
                }
                assertThat(out.resolve("runs")).doesNotExist();
                assertThat(out.resolve("runs.partial")).doesNotExist();
                if (!existed) {
                    assertThat(out).as("a directory made for a run that wrote nothing is removed").doesNotExist();
                }
            }
            case ALL_RESULTS -> {
                for (String f : RESULTS) {
                    assertThat(out.resolve(f)).as(f).isRegularFile();
                }
            }
        }
        assertThat(temporaries(dir)).as("no temporary file is left").isEmpty();
    }

    // ------------------------------------------------------------------------ concurrency, kills, disk full

    @Test
    void twoRunsOnOneDirectoryAtOnceNeverBothWrite(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        List<CompletableFuture<Run>> runs = new ArrayList<>();
        for (int seed = 1; seed <= 2; seed++) {
            String[] args = {"train", "--data", "digits", "--model", "mlp(hidden=(32,))", "--epochs", "4", "--seed",
                Integer.toString(seed), "--out", out.toString()};
            runs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return gradus(dir, Map.of(), args);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        Run a = runs.get(0).get(300, TimeUnit.SECONDS);
        Run b = runs.get(1).get(300, TimeUnit.SECONDS);
        List<Run> ok = Stream.of(a, b).filter(r -> r.code() == 0).toList();
        List<Run> refused = Stream.of(a, b).filter(r -> r.code() != 0).toList();
        assertThat(ok).as("exactly one run wins: %s / %s", a.err(), b.err()).hasSize(1);
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).code()).isEqualTo(2);
        // Either still running (refused by the lock) or finished (refused as a directory that holds a run).
        assertThat(refused.get(0).err()).containsAnyOf("is in use by another run (pid ", "already holds a checkpoint");
        int winner = a.code() == 0 ? 1 : 2;
        assertThat(Files.readString(out.resolve("summary.json"))).contains("\"seed\" : " + winner);
    }

    @Test
    void killedAtRandomPointsAndResumedGivesTheSameBytesAsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        String[] args = {"train", "--data", "digits", "--model", "mlp(hidden=(64,), dropout=0.1)", "--optimizer",
            "adamw(lr=1e-3)", "--epochs", "4", "--checkpoint-every", "9", "--seed", "7"};
        Path whole = dir.resolve("whole");
        Run w = gradusFullJit(dir, concat(args, "--out", whole.toString()));
        assertThat(w.code()).as(w.err()).isZero();

        Random random = new Random(20260101);
        int killed = 0;
        for (int trial = 0; trial < 2; trial++) {
            Path cut = dir.resolve("cut-" + trial);
            int kills = 0;
            for (int attempt = 0; attempt < 12; attempt++) {
                boolean resume = Files.exists(cut.resolve("checkpoint.safetensors"));
                String[] a = resume ? concat(args, "--out", cut.toString(), "--resume") : concat(args, "--out",
                        cut.toString());
                Process p = start(dir, Map.of(), true, a);
                long delay = kills < 3 ? 400 + random.nextInt(1800) : Long.MAX_VALUE;
                if (delay != Long.MAX_VALUE && !p.waitFor(delay, TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
                    p.waitFor(30, TimeUnit.SECONDS);
                    kills++;
                    continue;
                }
                Run r = finish(p);
                if (r.code() == 0) {
                    break;
                }
                throw new AssertionError("attempt " + attempt + " exited " + r.code() + ": " + r.err());
            }
            assertThat(Files.mismatch(whole.resolve("model.safetensors"), cut.resolve("model.safetensors")))
                    .as("cmp model.safetensors after %d kills", kills).isEqualTo(-1L);
            assertThat(withoutSeconds(cut.resolve("metrics.csv"))).isEqualTo(withoutSeconds(whole.resolve("metrics.csv")));
            assertThat(temporaries(cut)).as("orphans of the killed runs are cleaned up").isEmpty();
            killed += kills;
        }
        assertThat(killed).as("runs were killed at all").isPositive();
    }

    @Test
    void aFullDiskNamesThePathAndLeavesNoPartialResults(@TempDir Path dir) throws Exception {
        for (String size : List.of("96k", "200k", "400k", "900k")) {
            Path mnt = Files.createDirectories(dir.resolve("disk-" + size));
            Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mnt.toString())
                    .redirectErrorStream(true).start();
            String why = new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            boolean mounted = m.waitFor(30, TimeUnit.SECONDS) && m.exitValue() == 0;
            assumeTrue(mounted, "skipped: cannot mount a small tmpfs here (" + why + ")");
            try {
                Path out = mnt.resolve("out");
                Run r = gradus(dir, Map.of(), "train", "--data", "iris", "--model", "mlp(hidden=(64, 64))",
                        "--epochs", "2", "--out", out.toString());
                long present = RESULTS.stream().filter(f -> Files.exists(out.resolve(f))).count();
                if (Files.exists(out) && !Files.exists(out.resolve("checkpoint.safetensors"))) {
                    try (Stream<Path> s = Files.list(out)) {
                        assertThat(s.map(p -> p.getFileName().toString()).filter(f -> !f.equals(DirectoryLock.FILE)))
                                .as("no state files without the checkpoint that names them").isEmpty();
                    }
                }
                assertThat(present).as("results with %s: all or none", size).isIn(0L, (long) RESULTS.size());
                if (r.code() != 0) {
                    assertThat(r.code()).isEqualTo(2);
                    assertThat(r.err()).contains("No space left on device").contains(mnt.toString())
                            .doesNotContain("\tat ");
                    assertThat(present).isZero();
                }
                assertThat(temporaries(mnt)).isEmpty();
            } finally {
                new ProcessBuilder("umount", mnt.toString()).start().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void anOrphanedTemporaryOfAKilledRunIsRemovedByTheNextRun(@TempDir Path dir) throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path orphan = Files.writeString(out.resolve(".checkpoint-optimizer-3.safetensors.999999.1.4.tmp"), "half");
        Run r = gradus(dir, Map.of(), train(dir).toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(orphan).doesNotExist();
    }

    @Test
    void aNonAsciiPathUnderTheCLocaleIsOneClearLineOrWorks(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("r\u00e9sultat");
        Run r = gradus(dir, Map.of("LC_ALL", "C", "LANG", "C"), replace(train(dir), "--out", out.toString())
                .toArray(String[]::new));
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("java.");
        if (r.code() != 0) {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("UTF-8 locale");
        }
        Run data = gradus(dir, Map.of("LC_ALL", "C", "LANG", "C"), replace(train(dir), "--data",
                dir.resolve("donn\u00e9es.csv").toString()).toArray(String[]::new));
        assertThat(data.err()).doesNotContain("\tat ").doesNotContain("java.");
        assertThat(data.code()).isEqualTo(2);
        assertThat(data.err()).containsAnyOf("UTF-8 locale", "no such file");
    }

    @Test
    void labOptionsBeforeRunAreUsedNotIgnored(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("report");
        Run r = gradus(dir, Map.of(), "lab", "--seed", "3", "--out", out.toString(), "run", "lr-perceptron");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(out.resolve("index.html")).isRegularFile();
        assertThat(Files.readString(out.resolve("results.json"))).contains("\"seed\" : 3");
        assertThat(dir.resolve("lab-report")).as("the default directory is not used").doesNotExist();
    }

    @Test
    void helpTextsNameOnlyOptionsThatExist() throws Exception {
        Run r = gradus(shared, Map.of(), "compare", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--seeds").doesNotContainPattern("--seed[^s]");
    }

    // ------------------------------------------------------------------------------------------- helpers

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static List<String> withoutSeconds(Path metrics) throws IOException {
        List<String> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(metrics);
        int col = List.of(lines.get(0).split(",")).indexOf("seconds");
        for (String line : lines) {
            List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
            cells.remove(col);
            out.add(String.join(",", cells));
        }
        return out;
    }

    /** Every file under {@code dir} (but the lock file) with the SHA-256 of its bytes. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                if (!p.getFileName().toString().equals(DirectoryLock.FILE)) {
                    m.put(dir.relativize(p).toString(), sha256(Files.readAllBytes(p)));
                }
            }
        }
        return m;
    }

    static List<Path> temporaries(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".")
                    && p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    /** Starts {@code gradus args} as its own JVM with this test's class path, in {@code cwd}. */
    static Process start(Path cwd, Map<String, String> env, boolean fullJit, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "--add-modules=jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-Djava.awt.headless=true"));
        if (!fullJit) {
            cmd.add("-XX:TieredStopAtLevel=1"); // starts faster; these runs are short
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), GradusCommand.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    static Run finish(Process p) throws Exception {
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("gradus finished").isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err.get(), StandardCharsets.UTF_8).replace("WARNING: Using incubator modules:"
                        + " jdk.incubator.vector\n", ""));
    }

    static Run gradus(Path cwd, Map<String, String> env, String... args) throws Exception {
        return finish(start(cwd, env, false, args));
    }

    static Run gradusFullJit(Path cwd, String... args) throws Exception {
        return finish(start(cwd, Map.of(), true, args));
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
