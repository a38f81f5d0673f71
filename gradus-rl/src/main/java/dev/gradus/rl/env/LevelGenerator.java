package dev.gradus.rl.env;

import dev.gradus.tensor.RandomStream;

/**
 * The parameterised level generator of the maze gridworld (DRED's "given levels", 06-rl.md §5): a level is drawn
 * from its parameters, the grid size and the wall density ρ: each cell is a wall with probability ρ, then start
 * and goal are two distinct open cells drawn uniformly, and a level whose goal cannot be reached is drawn again.
 * The same stream gives the same levels.
 *
 * @param rows rows of every level
 * @param cols columns of every level
 * @param wallDensity the probability that a cell is a wall
 */
public record LevelGenerator(int rows, int cols, double wallDensity) {

    /** The attempts before the generator gives up on a density that leaves no solvable level. */
    public static final int MAX_ATTEMPTS = 10_000;

    public LevelGenerator {
        if (rows < 1 || cols < 1 || rows * cols < 2) {
            throw new IllegalArgumentException("level generator: a grid needs at least 2 cells, got " + rows + "x" + cols);
        }
        if (!(wallDensity >= 0 && wallDensity < 1)) {
            throw new IllegalArgumentException("level generator: wall density must be in [0, 1), got " + wallDensity);
        }
    }

    /** One solvable level. */
    public MazeLevel sample(RandomStream rng) {
        int n = rows * cols;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            boolean[] walls = new boolean[n];
            int open = 0;
            for (int i = 0; i < n; i++) {
                walls[i] = rng.uniform() < wallDensity;
                if (!walls[i]) {
                    open++;
                }
            }
            if (open < 2) {
                continue;
            }
            int[] cells = new int[open];
            for (int i = 0, k = 0; i < n; i++) {
                if (!walls[i]) {
                    cells[k++] = i;
                }
            }
            int[] pick = rng.choice(open, 2, false);
            MazeLevel level = new MazeLevel(rows, cols, walls, cells[pick[0]], cells[pick[1]]);
            if (level.solvable()) {
                return level;
            }
        }
        throw new IllegalStateException("level generator: no solvable " + rows + "x" + cols + " level in " + MAX_ATTEMPTS
                + " attempts at wall density " + wallDensity);
    }

    /** {@code count} solvable levels. */
    public MazeLevel[] sample(int count, RandomStream rng) {
        MazeLevel[] out = new MazeLevel[count];
        for (int i = 0; i < count; i++) {
            out[i] = sample(rng);
        }
        return out;
    }
}
