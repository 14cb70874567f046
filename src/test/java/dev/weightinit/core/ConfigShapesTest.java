package dev.weightinit.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ConfigShapes#check}: a map or list that contains itself is refused, one that is merely
 * shared by two siblings (a diamond, not a cycle) is not; nesting of exactly {@value ConfigShapes#MAX_DEPTH}
 * container levels below the root passes, one more is refused; leaves (strings, numbers, null) end the walk.
 */
class ConfigShapesTest {
    /** {@code levels} maps, each the only value of the one above, the deepest holding a string. */
    private static Object nested(int levels) {
        Object inner = "leaf";
        for (int i = 0; i < levels; i++) {
            inner = Map.of("k", inner);
        }
        return inner;
    }

    @Test
    void nestingUpToTheLimitPassesAndOneMoreLevelIsRefused() {
        assertDoesNotThrow(() -> ConfigShapes.check(nested(ConfigShapes.MAX_DEPTH), "config"));
        assertEquals("config nests deeper than 64 levels",
                assertThrows(IllegalArgumentException.class, () -> ConfigShapes.check(nested(ConfigShapes.MAX_DEPTH + 1), "config"))
                        .getMessage());
    }

    @Test
    void aContainerInsideItselfIsRefusedAtAnyDepth() {
        Map<String, Object> map = new HashMap<>();
        map.put("self", map);
        assertEquals("initializer config contains itself",
                assertThrows(IllegalArgumentException.class, () -> ConfigShapes.check(map, "initializer config")).getMessage());
        List<Object> list = new ArrayList<>();
        list.add(Map.of("a", List.of(1, 2)));
        list.add(list);
        assertEquals("x contains itself", assertThrows(IllegalArgumentException.class, () -> ConfigShapes.check(list, "x")).getMessage());
        Map<String, Object> deep = new HashMap<>();
        deep.put("a", List.of(Map.of("b", List.of(deep))));
        assertThrows(IllegalArgumentException.class, () -> ConfigShapes.check(Map.of("root", deep), "x"));
    }

    @Test
    void aContainerSharedBySiblingsIsNotACycle() {
        Map<String, Object> shared = Map.of("value", 1.5, "list", List.of("a", "a"));
        Map<String, Object> diamond = new HashMap<>();
        diamond.put("left", shared);
        diamond.put("right", shared);
        diamond.put("both", List.of(shared, shared));
        diamond.put("nothing", null);
        assertDoesNotThrow(() -> ConfigShapes.check(diamond, "x"));
        assertDoesNotThrow(() -> ConfigShapes.check("a plain string", "x"));
        assertDoesNotThrow(() -> ConfigShapes.check(null, "x"));
    }
}
