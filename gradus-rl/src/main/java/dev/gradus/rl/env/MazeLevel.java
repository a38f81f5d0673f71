package dev.gradus.rl.env;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One level of the maze gridworld: a {@code rows}×{@code cols} grid of walls, a start cell and a goal cell. Cells are
 * numbered row·cols + col. The border is open (moving off the grid keeps the agent in place), so a level is its
 * wall bitmask plus two positions: the parameter vector that level generators and generative level models work on.
 *
 * @param rows rows
 * @param cols columns
 * @param walls true for a wall, one per cell
 * @param start the start cell (not a wall)
 * @param goal the goal cell (not a wall, not the start)
 */
public record MazeLevel(int rows, int cols, boolean[] walls, int start, int goal) {

    public MazeLevel {
        if (rows < 1 || cols < 1 || walls.length != rows * cols) {
            throw new IllegalArgumentException("maze level: " + rows + "x" + cols + " needs " + rows * cols
                    + " wall bits, got " + walls.length);
        }
        if (start < 0 || start >= walls.length || goal < 0 || goal >= walls.length || start == goal || walls[start]
                || walls[goal]) {
            throw new IllegalArgumentException("maze level: start " + start + " and goal " + goal
                    + " must be distinct open cells of the grid");
        }
        walls = walls.clone();
    }

    /** The number of cells. */
    public int cells() {
        return rows * cols;
    }

    /** The cell reached from {@code cell} by action {@code a} (0 up, 1 right, 2 down, 3 left); walls block. */
    public int move(int cell, int a) {
        int r = cell / cols;
        int c = cell % cols;
        switch (a) {
            case 0 -> r = Math.max(0, r - 1);
            case 1 -> c = Math.min(cols - 1, c + 1);
            case 2 -> r = Math.min(rows - 1, r + 1);
            case 3 -> c = Math.max(0, c - 1);
            default -> throw new IllegalArgumentException("maze: action " + a + " is not in 0..3");
        }
        int next = r * cols + c;
        return walls[next] ? cell : next;
    }

    /** The number of moves on a shortest path from start to goal, or −1 when the goal cannot be reached. */
    public int shortestPath() {
        int[] dist = new int[cells()];
        Arrays.fill(dist, -1);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        dist[start] = 0;
        queue.add(start);
        while (!queue.isEmpty()) {
            int cell = queue.poll();
            if (cell == goal) {
                return dist[cell];
            }
            for (int a = 0; a < 4; a++) {
                int next = move(cell, a);
                if (dist[next] < 0) {
                    dist[next] = dist[cell] + 1;
                    queue.add(next);
                }
            }
        }
        return -1;
    }

    /** True when the goal can be reached. */
    public boolean solvable() {
        return shortestPath() >= 0;
    }

    /** The fraction of cells that are walls. */
    public double wallDensity() {
        int k = 0;
        for (boolean w : walls) {
            if (w) {
                k++;
            }
        }
        return (double) k / walls.length;
    }

    @Override
    public boolean[] walls() {
        return walls.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MazeLevel l && rows == l.rows && cols == l.cols && start == l.start && goal == l.goal
                && Arrays.equals(walls, l.walls);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(walls) * 31 + start * 17 + goal;
    }

    /** The level drawn in text: {@code #} wall, {@code S} start, {@code G} goal, {@code .} open. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int cell = r * cols + c;
                sb.append(cell == start ? 'S' : cell == goal ? 'G' : walls[cell] ? '#' : '.');
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
