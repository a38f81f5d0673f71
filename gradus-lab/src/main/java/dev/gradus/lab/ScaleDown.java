package dev.gradus.lab;

/**
 * How this experiment's scale relates to the paper's, stated in the report so that a reader knows what was and
 * was not tested.
 *
 * @param paper what the paper ran (data, model, steps, seeds)
 * @param here what runs here, in the quick and the full preset
 * @param why why the difference does not touch the claim, or where it might
 */
public record ScaleDown(String paper, String here, String why) {
    /** Checks that all three are stated. */
    public ScaleDown {
        if (blank(paper) || blank(here) || blank(why)) {
            throw new IllegalArgumentException("ScaleDown: state what the paper did, what runs here and why");
        }
    }

    /** The same scale as the paper: {@code here} says what that is. */
    public static ScaleDown same(String here) {
        return new ScaleDown("the same setting", here, "the paper's own scale runs in seconds here");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
