package dev.weightinit.api;

/** Argument checks shared by the initializers; NaN-safe, messages name the argument, value and range. */
final class Arguments {
    private Arguments() {
    }

    static double finite(String className, String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(className + " argument " + name + " is " + value + ": expected a finite number");
        }
        return value;
    }

    static double nonNegative(String className, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(className + " argument " + name + " is " + value + ": expected a finite number >= 0");
        }
        return value;
    }

    static double positive(String className, String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(className + " argument " + name + " is " + value + ": expected a finite number > 0");
        }
        return value;
    }
}
