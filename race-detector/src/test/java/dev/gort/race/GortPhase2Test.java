package dev.gort.race;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The Go memory model's edges through gort ({@code testdata.GortCases}): each needs gort's channel,
 * select, sync, context and timer code to call the race hooks, which phase 2 of issue 15 adds after
 * the blocking-layer rewrite (race-detector/PHASE2.md says which call site calls which hook).
 * Until then every case here is disabled; the cases that need only plain Java, j.u.c and threads
 * run in {@link RaceSuiteTest}. Enabling one runs the whole group once, under the agent.
 */
class GortPhase2Test {
    static final String PHASE2 = "phase 2: needs gort's hooks";

    private static Map<String, Cases.Case> expected;
    private static AgentRun.Result run;

    private static synchronized void runGroup() throws Exception {
        if (run == null) {
            expected = Cases.of("GortCases");
            run = AgentRun.run(RaceSuiteTest.OPTIONS, List.of(), "dev.gort.race.testdata.Runner", "GortCases");
        }
    }

    private static void check(String name) {
        try {
            runGroup();
        } catch (Exception e) {
            throw new IllegalStateException("running GortCases under the agent", e);
        }
        String failure = run.failures().get(name);
        String problem = failure != null ? "the case threw: " + failure
                : Cases.check(expected.get(name), run.byCase().getOrDefault(name, List.of()));
        if (problem != null) {
            fail("GortCases." + name + ": " + problem);
        }
    }

    @Test
    @Disabled(PHASE2)
    void noRaceChanSync() {
        check("testNoRaceChanSync");
    }

    @Test
    @Disabled(PHASE2)
    void noRaceChanSyncRev() {
        check("testNoRaceChanSyncRev");
    }

    @Test
    @Disabled(PHASE2)
    void noRaceChanAsync() {
        check("testNoRaceChanAsync");
    }

    @Test
    @Disabled(PHASE2)
    void raceChanAsyncRev() {
        check("testRaceChanAsyncRev");
    }

    @Test
    @Disabled(PHASE2)
    void noRaceChanAsyncCloseRecv() {
        check("testNoRaceChanAsyncCloseRecv");
    }

    @Test
    @Disabled(PHASE2)
    void noRaceChanSyncCloseRange() {
        check("testNoRaceChanSyncCloseRange");
    }

    @Test
    @Disabled(PHASE2)
    void noRaceChanBufferedSlotsAsSemaphore() {
        check("testNoRaceChanBufferedSlotsAsSemaphore");
    }

    @Test
    @Disabled(PHASE2)
    void raceChanSemTooSmall() {
        check("testRaceChanSemTooSmall");
    }

    @Test
    @Disabled(PHASE2)
    void noRaceSelectMutex() {
        check("testNoRaceSelectMutex");
    }

    @Test
    @Disabled(PHASE2)
    void raceSelectDefault() {
        check("testRaceSelectDefault");
    }

    @Test
    @Disabled(PHASE2)
    void noRaceMutex() {
        check("testNoRaceMutex");
    }

    @Test
    @Disabled(PHASE2)
    void raceMutex() {
        check("testRaceMutex");
    }

    @Test
    @Disabled(PHASE2)
    void noRaceRWMutex() {
        check("testNoRaceRWMutex");
    }

    @Test
    @Disabled(PHASE2)
    void raceRWMutexMultipleReaders() {
        check("testRaceRWMutexMultipleReaders");
    }

    @Test
    @Disabled(PHASE2)
    void noRaceWaitGroup() {
        check("testNoRaceWaitGroup");
    }

    @Test
    @Disabled(PHASE2)
    void raceWaitGroupAsMutex() {
        check("testRaceWaitGroupAsMutex");
    }

    @Test
    @Disabled(PHASE2)
    void noRaceOnce() {
        check("testNoRaceOnce");
    }

    @Test
    @Disabled(PHASE2)
    void noRaceCond() {
        check("testNoRaceCond");
    }

    @Test
    @Disabled(PHASE2)
    void noRaceSemaphore() {
        check("testNoRaceSemaphore");
    }

    @Test
    @Disabled(PHASE2)
    void noRaceContextCancel() {
        check("testNoRaceContextCancel");
    }

    @Test
    @Disabled(PHASE2)
    void noRaceAfterFunc() {
        check("testNoRaceAfterFunc");
    }

    @Test
    @Disabled(PHASE2)
    void noRaceGoStart() {
        check("testNoRaceGoStart");
    }

    @Test
    @Disabled(PHASE2)
    void raceGoStart() {
        check("testRaceGoStart");
    }

    @Test
    @Disabled(PHASE2)
    void raceCounterGoroutines() {
        check("testRaceCounterGoroutines");
    }

    @Test
    @Disabled(PHASE2)
    void noRaceCounterMutex() {
        check("testNoRaceCounterMutex");
    }

    @Test
    @Disabled(PHASE2)
    void noRaceCounterAtomic() {
        check("testNoRaceCounterAtomic");
    }

    @Test
    @Disabled(PHASE2)
    void noRaceCounterChannel() {
        check("testNoRaceCounterChannel");
    }

    @Test
    @Disabled(PHASE2)
    void noRaceCounterWaitGroupPerGoroutine() {
        check("testNoRaceCounterWaitGroupPerGoroutine");
    }
}
