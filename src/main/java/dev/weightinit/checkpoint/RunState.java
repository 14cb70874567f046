package dev.weightinit.checkpoint;

/**
 * What a run stopped now would leave behind, for the one line a signal prints: nothing written, the
 * old model untouched, no loadable model, or the new model whole. Writers update it as they pass
 * each step. Thread-safe (a volatile field; a signal reads it from another thread).
 */
public final class RunState {
    private static volatile String now = "no output was written";

    private RunState() {
    }

    /** What a stop now leaves, as a phrase: "no output was written", "OUT holds no loadable model ...". */
    public static String describe() {
        return now;
    }

    static void set(String state) {
        now = state;
    }
}
