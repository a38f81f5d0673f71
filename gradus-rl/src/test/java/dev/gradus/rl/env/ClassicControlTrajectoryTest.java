package dev.gradus.rl.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each classic-control environment against trajectories computed by hand from Gym's equations: the Python script
 * {@code src/test/python/gym_reference.py} restates every step of gym/envs/classic_control (gym 0.26) in numpy
 * float64 with the same constants, integrators, clipping, float32 rounding and termination rules, and printed the
 * states, rewards and flags below (repr() of a float64 is exact). The environments run on StrictMath and numpy on
 * the C library, whose sin/cos may differ in the last bit, so states are compared to 1e-12 (relative); rewards of
 * exact arithmetic and every flag must be equal.
 */
class ClassicControlTrajectoryTest {

    record Case(String name, ClassicControl env, double[] start, double[] actions, double[][] states, double[] rewards,
            boolean[] terminated) {}

    static List<Case> cases() {
        return List.of(
                new Case("cartpole", new CartPole(), new double[] {0.01, -0.02, 0.03, 0.04},
                        new double[] {1, 0, 0, 1, 1, 1, 0, 1, 0, 0},
                        new double[][] {
                        {0.009600000000000001, 0.17467919574755525, 0.030799999999999998, -0.2430687179600081},
                        {0.013093583914951107, -0.020868848948191993, 0.025938625640799837, 0.0591679999394166},
                        {0.012676206935987267, -0.21635292104612766, 0.02712198563958817, 0.3599205713784138},
                        {0.008349148515064714, -0.021626799199488206, 0.03432039706715644, 0.0759116989474441},
                        {0.00791661253107495, 0.17298676004769037, 0.035838631046105324, -0.20574851582677406},
                        {0.011376347732028757, 0.3675783725675468, 0.03172366072956984, -0.4869142013445082},
                        {0.01872791518337969, 0.17202349486382784, 0.02198537670267968, -0.18440428392099584},
                        {0.022168385080656248, 0.36682408600495897, 0.01829729102425976, -0.4700713747851109},
                        {0.02950486680075543, 0.1714485132472654, 0.008895863528557544, -0.17167796834313398},
                        {0.03293383706570074, -0.02379962460232901, 0.0054623041616948635, 0.12379799946559022}},
                        new double[] {1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0},
                        new boolean[] {false, false, false, false, false, false, false, false, false, false}),
                new Case("cartpole, the pole falls past 12 degrees", new CartPole(), new double[] {0.0, 0.0, 0.15, 0.5},
                        new double[] {0, 0, 0, 0},
                        new double[][] {
                        {0.0, -0.19688288629351874, 0.16, 0.8359429665086409},
                        {-0.003937657725870375, -0.3937861968022097, 0.1767188593301728, 1.174364999734973},
                        {-0.01181338166191457, -0.5907082595473366, 0.20020615932487226, 1.5168330863560202},
                        {-0.0236275468528613, -0.787609139002748, 0.23054282105199267, 1.8647531246675373}},
                        new double[] {1.0, 1.0, 1.0, 1.0},
                        new boolean[] {false, false, false, true}),
                new Case("cartpole, the cart leaves the track", new CartPole(), new double[] {2.39, 1.0, 0.0, 0.0},
                        new double[] {1},
                        new double[][] {
                        {2.41, 1.1951219512195121, 0.0, -0.2926829268292683}},
                        new double[] {1.0},
                        new boolean[] {true}),
                new Case("mountain_car", new MountainCar(), new double[] {-0.5, 0.0},
                        new double[] {2, 2, 0, 1, 2, 0, 0, 2, 1, 2},
                        new double[][] {
                        {-0.49917684300416926, 0.0008231569958307428},
                        {-0.49753668667935325, 0.0016401563248160246},
                        {-0.4970917969323474, 0.00044488974700586273},
                        {-0.49684550006784745, 0.0002462968644999427},
                        {-0.4957996374204934, 0.0010458626473540712},
                        {-0.49596202671027434, -0.0001623892897809659},
                        {-0.49733145422579234, -0.0013694275155180027},
                        {-0.49789768282304186, -0.0005662285972495108},
                        {-0.4986564786843364, -0.0007587958612945116},
                        {-0.4986021672544669, 5.4311429869486824e-05}},
                        new double[] {-1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0},
                        new boolean[] {false, false, false, false, false, false, false, false, false, false}),
                new Case("mountain_car at the left wall", new MountainCar(), new double[] {-1.19, -0.02},
                        new double[] {0, 0, 2},
                        new double[][] {
                        {-1.2, 0.0},
                        {-1.1987581039591646, 0.0012418960408353682},
                        {-1.194270205713714, 0.004487898245450696}},
                        new double[] {-1.0, -1.0, -1.0},
                        new boolean[] {false, false, false}),
                new Case("mountain_car reaches the goal", new MountainCar(), new double[] {0.49, 0.02},
                        new double[] {2},
                        new double[][] {
                        {0.5107484356665326, 0.020748435666532672}},
                        new double[] {-1.0},
                        new boolean[] {true}),
                new Case("mountain_car_continuous", new ContinuousMountainCar(), new double[] {-0.5, 0.0},
                        new double[] {1.0, 0.5, -0.3, 2.0, -1.5, 0.0},
                        new double[][] {
                        {-0.4986768364906311, 0.0013231569901108742},
                        {-0.49679040908813477, 0.001886416575871408},
                        {-0.4955548346042633, 0.0012355705257505178},
                        {-0.4930293560028076, 0.002525489078834653},
                        {-0.4922328293323517, 0.0007965396507643163},
                        {-0.4916711747646332, 0.0005616420530714095}},
                        new double[] {-0.1, -0.025, -0.009, -0.4, -0.225, 0.0},
                        new boolean[] {false, false, false, false, false, false}),
                new Case("mountain_car_continuous reaches the goal", new ContinuousMountainCar(), new double[] {0.44, 0.02},
                        new double[] {0.5},
                        new double[][] {
                        {0.4601295590400696, 0.02012956142425537}},
                        new double[] {99.975},
                        new boolean[] {true}),
                new Case("pendulum", new Pendulum(), new double[] {3.0, -0.5},
                        new double[] {0.5, -2.5, 1.0, 2.0, -0.7, 0.0, 3.0},
                        new double[][] {
                        {2.984042000302245, -0.3191599939550996},
                        {2.958967738200708, -0.501485242030739},
                        {2.948203905854313, -0.21527664692790455},
                        {2.959647032339618, 0.22886252970610033},
                        {2.9726255370959516, 0.25957009512666956},
                        {2.9919102017804997, 0.3856932936909665},
                        {3.0317870218079586, 0.797536400549181}},
                        new double[] {-9.02525, -8.918692969741965, -8.781638820510075, -8.700540673965877, -8.765238361787052, -8.8432402472234, -8.97040258719805},
                        new boolean[] {false, false, false, false, false, false, false}),
                new Case("acrobot", new Acrobot(), new double[] {0.05, -0.03, 0.02, -0.01},
                        new double[] {0, 2, 1, 2, 2, 0, 0, 2},
                        new double[][] {
                        {0.06046159233179129, -0.05839873926004771, 0.0814760773903368, -0.26719409203149896},
                        {0.05408430617721313, -0.06363100040473232, -0.14378020437242242, 0.21417957829212814},
                        {0.019055765128358187, -0.011677495855369924, -0.1977376406496791, 0.2909134099673712},
                        {-0.03426722770920775, 0.08042836606077677, -0.321547575188704, 0.6054519835038255},
                        {-0.10265094294224272, 0.217797025051625, -0.343916872545286, 0.733530216290141},
                        {-0.13827962846404296, 0.29186870577473434, -0.00417493509778416, -0.008139683389033148},
                        {-0.10418390514094722, 0.21444569970177813, 0.33628558358040506, -0.7488338096244344},
                        {-0.03717582504870001, 0.07432766484975853, 0.3156847595401152, -0.6175625643028518}},
                        new double[] {-1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0},
                        new boolean[] {false, false, false, false, false, false, false, false}),
                new Case("acrobot, the tip rises above the bar", new Acrobot(), new double[] {3.0, 0.1, 0.0, 0.0},
                        new double[] {1},
                        new double[][] {
                        {2.9801010644913126, 0.12460838080578891, -0.20368049965045298, 0.25311378017408265}},
                        new double[] {0.0},
                        new boolean[] {true}));
    }

    @Test
    void everyEnvironmentFollowsGymsEquations() {
        double worst = 0;
        for (Case c : cases()) {
            ClassicControl env = c.env();
            env.setPhysicalState(c.start());
            for (int t = 0; t < c.actions().length; t++) {
                Step s = env.actionSpace().isDiscrete() ? env.step((int) c.actions()[t])
                        : env.step(new double[] {c.actions()[t]});
                double[] got = env.physicalState();
                for (int i = 0; i < got.length; i++) {
                    double want = c.states()[t][i];
                    double err = Math.abs(got[i] - want) / Math.max(1.0, Math.abs(want));
                    worst = Math.max(worst, err);
                    assertThat(err).as("%s, step %d, state[%d]: %s against Gym's %s", c.name(), t + 1, i, got[i], want)
                            .isLessThanOrEqualTo(1e-12);
                }
                assertThat(s.reward()).as("%s, step %d, reward", c.name(), t + 1).isCloseTo(c.rewards()[t],
                        org.assertj.core.api.Assertions.within(1e-12));
                assertThat(s.terminated()).as("%s, step %d, terminated", c.name(), t + 1).isEqualTo(c.terminated()[t]);
                assertThat(s.truncated()).as("%s, step %d, truncated", c.name(), t + 1).isFalse();
            }
            if (c.terminated()[c.terminated().length - 1]) {
                assertThatThrownBy(() -> {
                    if (env.actionSpace().isDiscrete()) {
                        env.step(0);
                    } else {
                        env.step(new double[] {0.0});
                    }
                }).as("%s: a step after termination", c.name()).hasMessageContaining("the episode has ended");
            }
        }
        System.out.println("largest relative deviation from the hand-computed Gym trajectories: " + worst);
    }

    @Test
    void observationsAreGymsFunctionsOfTheState() {
        Pendulum p = new Pendulum();
        assertThat(p.setPhysicalState(3.0, -0.5)).containsExactly(StrictMath.cos(3.0), StrictMath.sin(3.0), -0.5);
        Acrobot a = new Acrobot();
        assertThat(a.setPhysicalState(0.1, -0.2, 0.3, -0.4)).containsExactly(StrictMath.cos(0.1), StrictMath.sin(0.1),
                StrictMath.cos(-0.2), StrictMath.sin(-0.2), 0.3, -0.4);
        assertThat(new CartPole().setPhysicalState(1, 2, 3, 4)).containsExactly(1, 2, 3, 4);
    }

    @Test
    void timeLimitsAreGymsRegisteredOnesAndTruncate() {
        assertThat(new CartPole().maxEpisodeSteps()).isEqualTo(500);
        assertThat(new MountainCar().maxEpisodeSteps()).isEqualTo(200);
        assertThat(new ContinuousMountainCar().maxEpisodeSteps()).isEqualTo(999);
        assertThat(new Pendulum().maxEpisodeSteps()).isEqualTo(200);
        assertThat(new Acrobot().maxEpisodeSteps()).isEqualTo(500);
        Pendulum p = new Pendulum();
        p.reset(3);
        Step last = null;
        for (int t = 0; t < 200; t++) {
            last = p.step(new double[] {0.0});
            assertThat(last.truncated()).isEqualTo(t == 199);
        }
        assertThat(last.terminated()).isFalse();
        assertThatThrownBy(() -> p.step(new double[] {0.0})).hasMessageContaining("call reset");
    }

    @Test
    void startStatesFollowGymsDistributions() {
        for (long seed = 0; seed < 50; seed++) {
            double[] cp = new CartPole().reset(seed);
            for (double v : cp) {
                assertThat(v).isBetween(-0.05, 0.05);
            }
            double[] mc = new MountainCar().reset(seed);
            assertThat(mc[0]).isBetween(-0.6, -0.4);
            assertThat(mc[1]).isZero();
            Pendulum pe = new Pendulum();
            pe.reset(seed);
            assertThat(pe.physicalState()[0]).isBetween(-Math.PI, Math.PI);
            assertThat(pe.physicalState()[1]).isBetween(-1.0, 1.0);
            Acrobot ac = new Acrobot();
            ac.reset(seed);
            for (double v : ac.physicalState()) {
                assertThat(v).isBetween(-0.1, 0.1).isEqualTo((double) (float) v);
            }
        }
    }

    @Test
    void badActionsAreRefusedWithTheEnvironmentsName() {
        CartPole c = new CartPole();
        c.reset(0);
        assertThatThrownBy(() -> c.step(2)).hasMessage("cartpole: action 2 is not in 0..1");
        assertThatThrownBy(() -> c.step(new double[] {0.5})).hasMessageContaining("cartpole: takes a discrete action");
        Pendulum p = new Pendulum();
        p.reset(0);
        assertThatThrownBy(() -> p.step(new double[] {Double.NaN})).hasMessageContaining("not finite");
        assertThatThrownBy(() -> new MountainCar().step(1)).hasMessageContaining("call reset");
    }

    @Test
    void pythonsModuloIsUsedForTheAngle() {
        assertThat(Pendulum.angleNormalize(Math.PI)).isEqualTo(-Math.PI);
        assertThat(Pendulum.angleNormalize(-3 * Math.PI / 2)).isCloseTo(Math.PI / 2,
                org.assertj.core.api.Assertions.within(1e-15));
        assertThat(Pendulum.angleNormalize(0.3)).isCloseTo(0.3, org.assertj.core.api.Assertions.within(1e-15));
    }
}
