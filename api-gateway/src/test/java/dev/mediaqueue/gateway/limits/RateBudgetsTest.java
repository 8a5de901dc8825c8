package dev.mediaqueue.gateway.limits;

import dev.mediaqueue.gateway.security.Caller;
import dev.mediaqueue.gateway.security.TenantLimits;
import dev.mediaqueue.model.Priority;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RateBudgetsTest {

    // 60 starts a minute (one a second) in bursts of 3; 10 polls a second in bursts of 5
    private static final TenantLimits LIMITS = new TenantLimits(60, 3, 10, 5, 0);
    private static final Caller ALICE = Caller.tenant("alice", Priority.HIGH, LIMITS);
    private static final Caller BOB = Caller.tenant("bob", Priority.HIGH, LIMITS);

    private final FakeTime time = new FakeTime();
    private final RateBudgets budgets = new RateBudgets(new LimitsProperties(1000, Duration.ofSeconds(10)), time);

    @Test
    void burstIsAllowedAtOnceAndTheNextRequestWaitsForTheRefill() {
        for (int i = 0; i < 3; i++) {
            assertThat(budgets.take(ALICE, Budget.START, 1)).isZero();
        }

        Duration wait = budgets.take(ALICE, Budget.START, 1);

        assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
        time.advance(wait);
        assertThat(budgets.take(ALICE, Budget.START, 1)).isZero();
    }

    @Test
    void severalTokensAreTakenAllOrNone() {
        assertThat(budgets.take(ALICE, Budget.START, 2)).isZero();

        Duration wait = budgets.take(ALICE, Budget.START, 2);

        // one token is left and stays: the refused request took nothing
        assertThat(wait).isEqualTo(Duration.ofSeconds(1));
        assertThat(budgets.take(ALICE, Budget.START, 1)).isZero();
    }

    @Test
    void startsAndPollsHaveSeparateBudgets() {
        for (int i = 0; i < 5; i++) {
            assertThat(budgets.take(ALICE, Budget.POLL, 1)).isZero();
        }
        assertThat(budgets.take(ALICE, Budget.POLL, 1)).isPositive();

        assertThat(budgets.take(ALICE, Budget.START, 1)).isZero();
    }

    @Test
    void eachBudgetKeyHasItsOwnBucket() {
        budgets.take(ALICE, Budget.START, 3);
        assertThat(budgets.take(ALICE, Budget.START, 1)).isPositive();

        assertThat(budgets.take(BOB, Budget.START, 3)).isZero();
    }

    @Test
    void openModeCallersAreCountedPerAddress() {
        Caller first = new Caller(Caller.OPEN_TENANT, Priority.HIGH, LIMITS, "ip:192.0.2.1");
        Caller second = new Caller(Caller.OPEN_TENANT, Priority.HIGH, LIMITS, "ip:192.0.2.2");
        budgets.take(first, Budget.START, 3);

        assertThat(budgets.take(first, Budget.START, 1)).isPositive();
        assertThat(budgets.take(second, Budget.START, 1)).isZero();
    }

    @Test
    void zeroRateMeansUnlimited() {
        Caller unlimited = Caller.tenant("batchjobs", Priority.HIGH, TenantLimits.UNLIMITED);

        for (int i = 0; i < 10_000; i++) {
            assertThat(budgets.take(unlimited, Budget.POLL, 1)).isZero();
        }
        assertThat(budgets.tracked(Budget.POLL)).isZero();
    }

    @Test
    void aFloodFromManyAddressesHoldsNoMoreBucketsThanTheBound() {
        RateBudgets bounded = new RateBudgets(new LimitsProperties(100, Duration.ofSeconds(10)), time);

        for (int i = 0; i < 5_000; i++) {
            bounded.take(new Caller(Caller.OPEN_TENANT, Priority.HIGH, LIMITS, "ip:10.0." + (i / 256) + "." + (i % 256)),
                    Budget.POLL, 1);
        }

        assertThat(bounded.tracked(Budget.POLL)).isLessThanOrEqualTo(100);
    }

    @Test
    void refillTimeCoversAnEmptyBucketFillingUp() {
        // 3 tokens at one a second, plus one period of slack
        assertThat(Budget.START.refillTime(LIMITS)).isEqualTo(Duration.ofMinutes(1).multipliedBy(3).dividedBy(60)
                .plus(Duration.ofMinutes(1)));
        assertThat(Budget.POLL.refillTime(LIMITS)).isEqualTo(Duration.ofMillis(500).plusSeconds(1));
    }
}
