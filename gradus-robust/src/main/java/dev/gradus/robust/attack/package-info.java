/**
 * Evasion attacks on a {@link dev.gradus.robust.Classifier}: {@link dev.gradus.robust.attack.Fgsm} (Goodfellow et al.,
 * 2015), {@link dev.gradus.robust.attack.Pgd} in L-infinity and L2 (Madry et al., 2018) and
 * {@link dev.gradus.robust.attack.CarliniWagnerL2} (Carlini &amp; Wagner, 2017) with its binary search over the
 * constant c. FGSM and PGD are {@link dev.gradus.robust.attack.Attack}s, which adversarial training takes.
 */
package dev.gradus.robust.attack;
