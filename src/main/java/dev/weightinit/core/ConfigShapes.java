package dev.weightinit.core;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The check every config map passes where it enters the API, before anything walks it
 * recursively: no map or list that contains itself, and at most {@value #MAX_DEPTH} levels of
 * nesting. Walked iteratively, so a hostile config cannot overflow the stack here. Thread-safe: stateless.
 */
public final class ConfigShapes {
    /** The deepest nesting of maps and lists a config may have (real ones have two or three levels). */
    public static final int MAX_DEPTH = 64;

    private ConfigShapes() {
    }

    /**
     * @param what the value's role, for messages ("initializer config")
     * @throws IllegalArgumentException when {@code value} contains itself or nests too deep
     */
    public static void check(Object value, String what) {
        record Visit(Object node, int depth) {
        }
        Set<Object> onPath = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object> stack = new ArrayDeque<>();
        stack.push(new Visit(value, 0));
        while (!stack.isEmpty()) {
            Object top = stack.pop();
            if (top instanceof Leave leave) {
                onPath.remove(leave.node());
                continue;
            }
            Visit visit = (Visit) top;
            Iterable<?> children = visit.node() instanceof Map<?, ?> map ? map.values() : visit.node() instanceof Iterable<?> list ? list : null;
            if (children == null) {
                continue;
            }
            if (visit.depth() >= MAX_DEPTH) {
                throw new IllegalArgumentException(what + " nests deeper than " + MAX_DEPTH + " levels");
            }
            if (!onPath.add(visit.node())) {
                throw new IllegalArgumentException(what + " contains itself");
            }
            stack.push(new Leave(visit.node()));
            for (Object child : children) {
                stack.push(new Visit(child, visit.depth() + 1));
            }
        }
    }

    private record Leave(Object node) {
    }
}
