package dev.gradus.plot;

import java.awt.Color;

/**
 * The series colours, in order: the ten colours of matplotlib's default cycle ("tab10"), which readers of
 * optimization papers already know, and which stay distinguishable in print.
 */
final class Palette {
    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
    };

    private Palette() {}

    /** The colour of the i-th series; the cycle repeats after ten. */
    static Color color(int i) {
        return COLORS[Math.floorMod(i, COLORS.length)];
    }

    /** The same colour, translucent, for filled bands behind lines. */
    static Color translucent(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }
}
