package dev.gradus.plot;

/**
 * Switches AWT to headless mode before any plot touches it, so plots render on servers without a display and a
 * plotting JVM never opens a window or a dock icon.
 */
final class Headless {
    private Headless() {}

    /** Sets {@code java.awt.headless=true} unless the user chose otherwise; must run before AWT initialises. */
    static void ensure() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
