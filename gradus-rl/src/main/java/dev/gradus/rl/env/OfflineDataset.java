package dev.gradus.rl.env;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import dev.gradus.tensor.io.Safetensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fixed data set of transitions for offline RL (ODICE, 06-rl.md §4), in D4RL's layout: {@code observations [n, d]},
 * {@code actions [n, k]} (k = 1 holds a discrete action's index), {@code rewards [n]}, {@code next_observations
 * [n, d]}, {@code terminals [n]} (1 where the transition entered a terminal state: do not bootstrap) and
 * {@code timeouts [n]} (1 where the time limit cut the episode after it), plus {@code starts [n]} (1 for the first
 * transition of an episode, whose observation is a start state).
 *
 * <p><b>File format</b> ({@link #save}/{@link #load}): one safetensors file with those F64 tensors under those names
 * and the metadata {@code format = gradus-offline-rl}, {@code format_version = 1}, {@code env} (the spec it came
 * from). It loads in Python with {@code safetensors.numpy.load_file}, and the names match D4RL's {@code qlearning_dataset}.
 *
 * @param env the spec of the environment the data came from
 * @param observations [n, d]
 * @param actions [n, k]
 * @param rewards [n]
 * @param nextObservations [n, d]
 * @param terminals [n], 0 or 1
 * @param timeouts [n], 0 or 1
 * @param starts [n], 0 or 1
 */
public record OfflineDataset(String env, Tensor observations, Tensor actions, Tensor rewards, Tensor nextObservations,
        Tensor terminals, Tensor timeouts, Tensor starts) {

    /** The value of the {@code format} metadata key. */
    public static final String FORMAT = "gradus-offline-rl";
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;

    public OfflineDataset {
        int n = observations.rank() == 2 ? observations.dim(0) : -1;
        if (n < 0 || actions.rank() != 2 || actions.dim(0) != n || rewards.rank() != 1 || rewards.dim(0) != n
                || nextObservations.rank() != 2 || nextObservations.dim(0) != n
                || nextObservations.dim(1) != observations.dim(1) || terminals.size() != n || timeouts.size() != n
                || starts.size() != n) {
            throw new IllegalArgumentException("offline dataset: observations [n, d], actions [n, k], rewards, "
                    + "terminals, timeouts and starts [n], next_observations [n, d] must agree; got observations "
                    + java.util.Arrays.toString(observations.shape()) + ", actions " + java.util.Arrays.toString(actions.shape())
                    + ", rewards " + java.util.Arrays.toString(rewards.shape()) + ", next_observations "
                    + java.util.Arrays.toString(nextObservations.shape()));
        }
    }

    /** How the data are collected: an action for an observation, drawn from {@code rng}, written into {@code out}. */
    @FunctionalInterface
    public interface Behaviour {
        /** Writes the action for {@code observation} into {@code out}. */
        void act(double[] observation, RandomStream rng, double[] out);
    }

    /**
     * Plays {@code episodes} episodes of {@code env} (the first reset with {@code seed}, then continuing its stream)
     * with {@code behaviour}, actions drawn from a stream of {@code seed}; {@code env} names the spec in the file.
     */
    public static OfflineDataset collect(Environment environment, String env, Behaviour behaviour, int episodes,
            long seed) {
        int d = environment.observationSize();
        int k = environment.actionSpace().dim();
        java.util.List<double[]> rows = new java.util.ArrayList<>();
        RandomStream rng = RandomStream.of(seed).fork("behaviour");
        double[] a = new double[k];
        for (int e = 0; e < episodes; e++) {
            double[] o = e == 0 ? environment.reset(seed) : environment.reset();
            boolean first = true;
            while (true) {
                behaviour.act(o, rng, a);
                Step s = environment.actionSpace().isDiscrete() ? environment.step((int) a[0]) : environment.step(a);
                double[] row = new double[2 * d + k + 4];
                System.arraycopy(o, 0, row, 0, d);
                System.arraycopy(a, 0, row, d, k);
                row[d + k] = s.reward();
                System.arraycopy(s.observation(), 0, row, d + k + 1, d);
                row[2 * d + k + 1] = s.terminated() ? 1 : 0;
                row[2 * d + k + 2] = s.truncated() ? 1 : 0;
                row[2 * d + k + 3] = first ? 1 : 0;
                rows.add(row);
                first = false;
                o = s.observation();
                if (s.done()) {
                    break;
                }
            }
        }
        int n = rows.size();
        double[] obs = new double[n * d];
        double[] act = new double[n * k];
        double[] rew = new double[n];
        double[] nxt = new double[n * d];
        double[] term = new double[n];
        double[] time = new double[n];
        double[] start = new double[n];
        for (int i = 0; i < n; i++) {
            double[] row = rows.get(i);
            System.arraycopy(row, 0, obs, i * d, d);
            System.arraycopy(row, d, act, i * k, k);
            rew[i] = row[d + k];
            System.arraycopy(row, d + k + 1, nxt, i * d, d);
            term[i] = row[2 * d + k + 1];
            time[i] = row[2 * d + k + 2];
            start[i] = row[2 * d + k + 3];
        }
        return new OfflineDataset(env, Tensor.of(obs, n, d), Tensor.of(act, n, k), Tensor.vector(rew),
                Tensor.of(nxt, n, d), Tensor.vector(term), Tensor.vector(time), Tensor.vector(start));
    }

    /** The number of transitions. */
    public int size() {
        return observations.dim(0);
    }

    /** The observation size. */
    public int observationSize() {
        return observations.dim(1);
    }

    /** Writes the data set (atomically). */
    public void save(Path path) throws IOException {
        TensorMap t = new TensorMap().put("observations", observations).put("actions", actions).put("rewards", rewards)
                .put("next_observations", nextObservations).put("terminals", terminals).put("timeouts", timeouts)
                .put("starts", starts);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", Integer.toString(VERSION));
        meta.put("env", env);
        Safetensors.write(path, t, meta);
    }

    /**
     * Reads a data set written by {@link #save}.
     *
     * @throws IOException for a missing or damaged file, another format or version, or tensors that do not agree
     */
    public static OfflineDataset load(Path path) throws IOException {
        Safetensors.Contents c = Safetensors.read(path);
        Map<String, String> meta = c.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new IOException(path + ": not a Gradus offline RL data set (format=" + meta.get("format") + ", expected "
                    + FORMAT + ")");
        }
        if (!Integer.toString(VERSION).equals(meta.get("format_version"))) {
            throw new IOException(path + ": offline data set format version " + meta.get("format_version")
                    + " is not supported; this Gradus reads version " + VERSION);
        }
        TensorMap t = c.tensors();
        for (String name : new String[] {"observations", "actions", "rewards", "next_observations", "terminals",
            "timeouts", "starts"}) {
            if (!t.contains(name)) {
                throw new IOException(path + ": offline data set lacks the tensor '" + name + "'");
            }
        }
        try {
            return new OfflineDataset(meta.getOrDefault("env", ""), t.get("observations"), t.get("actions"),
                    t.get("rewards"), t.get("next_observations"), t.get("terminals"), t.get("timeouts"), t.get("starts"));
        } catch (IllegalArgumentException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        }
    }
}
