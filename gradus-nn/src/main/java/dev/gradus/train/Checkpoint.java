package dev.gradus.train;

import dev.gradus.optim.OptState;
import dev.gradus.tensor.TensorMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@link Trainer} needs to continue exactly where it stopped: the model's parameters and
 * buffers, the optimizer state, the training step's state, the positions of all random streams, the step, the epoch and the batch
 * within it, the partial sums of the current epoch's metrics, the history, and what the run was (so that
 * a checkpoint is never resumed into a different configuration).
 *
 * <p>The order of the data is a function of the seed and the epoch (see {@link dev.gradus.data.DataLoader}),
 * so the data position is {@code (epoch, batch)}; the dropout streams live in the model and are saved by name
 * ({@link dev.gradus.nn.Module#randomStates()}). {@link CheckpointFile} writes and reads this record.
 *
 * @param step optimizer steps taken
 * @param epoch epochs finished
 * @param batch batches finished within the current (unfinished) epoch
 * @param lossSum sum of {@code loss * batch size} over the current epoch's finished batches
 * @param correct samples classified correctly in the current epoch's finished batches
 * @param seen samples in the current epoch's finished batches
 * @param seconds training wall-clock seconds so far, over all runs
 * @param stopReason why training stopped early (such as early stopping), or null
 * @param history the metrics of the finished epochs
 * @param identity what the run is: optimizer spec, seed, batch size, data fingerprint, model spec...; a
 *     resume must match every entry
 * @param model the model's state dict (parameters and buffers) by name
 * @param randomStates the positions of the model's random streams by name
 * @param optimizerState the optimizer state
 * @param stepState the training step's own state ({@link TrainStep#init}): an accountant, residuals, ...
 */
public record Checkpoint(long step, int epoch, int batch, double lossSum, long correct, long seen, double seconds,
        String stopReason, List<EpochMetrics> history, Map<String, String> identity, TensorMap model,
        Map<String, long[]> randomStates, OptState optimizerState, OptState stepState) {

    /** Copies the collections, so that the record does not change when the trainer goes on. */
    public Checkpoint {
        history = List.copyOf(history);
        identity = Collections.unmodifiableMap(new LinkedHashMap<>(identity));
        Map<String, long[]> rs = new LinkedHashMap<>();
        randomStates.forEach((k, v) -> rs.put(k, v.clone()));
        randomStates = Collections.unmodifiableMap(rs);
    }
}
