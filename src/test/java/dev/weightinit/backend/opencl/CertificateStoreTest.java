package dev.weightinit.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate cache is a cache: unreadable, oversized, malformed or forged content counts as
 * no verdict (the device is certified again), a link is replaced and never written through, and a
 * cache that cannot be written fails only the keeping, never the verdict.
 */
class CertificateStoreTest {
    @TempDir
    Path dir;

    private static final String GOOD = "{\"passed\": true, \"failedCheck\": null, \"checkedAt\": \"2026-12-01T00:00:00Z\", \"seconds\": 1.5}";

    private static Certification.Verdict verdict(String key) {
        return new Certification.Verdict(key, true, null, List.of(), 1.0, "2026-12-03T00:00:00Z");
    }

    @Test
    void onlyEntriesOfTheRightTypesAreTrusted() throws Exception {
        Path file = dir.resolve("certificates.json");
        CertificateStore store = new CertificateStore(file);
        Files.writeString(file, "{\"good\": " + GOOD + ", \"forged\": {\"passed\": 1, \"checkedAt\": \"x\", \"seconds\": 1}, "
                + "\"text\": {\"passed\": \"true\", \"checkedAt\": \"x\", \"seconds\": 1}, "
                + "\"contradiction\": {\"passed\": true, \"failedCheck\": \"sin\", \"checkedAt\": \"x\", \"seconds\": 1}, "
                + "\"failed\": {\"passed\": false, \"failedCheck\": \"sin\", \"checkedAt\": \"x\", \"seconds\": 2}, \"list\": [1]}");
        assertTrue(store.get("good").orElseThrow().passed());
        assertEquals("sin", store.get("failed").orElseThrow().failedCheck());
        for (String untrusted : new String[] {"forged", "text", "contradiction", "list", "absent"}) {
            assertTrue(store.get(untrusted).isEmpty(), untrusted);
        }
    }

    @Test
    void malformedOrOversizedCachesCountAsEmpty() throws Exception {
        Path file = dir.resolve("certificates.json");
        CertificateStore store = new CertificateStore(file);
        Files.writeString(file, "{\"good\": " + GOOD + "} trailing");
        assertTrue(store.get("good").isEmpty() || store.get("good").get().passed(), "Jackson may stop at the object");
        Files.writeString(file, "not json");
        assertTrue(store.get("good").isEmpty());
        StringBuilder big = new StringBuilder("{\"good\": " + GOOD + ", \"pad\": \"");
        big.append("x".repeat((int) CertificateStore.MAX_BYTES));
        Files.writeString(file, big.append("\"}"));
        long started = System.nanoTime();
        assertTrue(store.get("good").isEmpty(), "an oversized cache is not read");
        assertTrue(System.nanoTime() - started < 1_000_000_000L, "and refused at once");
        store.put(verdict("k"));
        assertTrue(store.get("k").orElseThrow().passed(), "certified again, the cache is rewritten");
        assertTrue(Files.size(file) < 1000);
    }

    @Test
    void aLinkIsReplacedNeverWrittenThrough() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "precious");
        Path file = dir.resolve("certificates.json");
        Files.createSymbolicLink(file, victim);
        CertificateStore store = new CertificateStore(file);
        assertTrue(store.get("k").isEmpty(), "a link is not read");
        store.put(verdict("k"));
        assertEquals("precious", Files.readString(victim));
        assertFalse(Files.isSymbolicLink(file));
        assertTrue(store.get("k").isPresent());
    }

    @Test
    void anUnwritableCacheFailsOnlyTheKeeping() throws Exception {
        Path blocked = Files.writeString(dir.resolve("not-a-folder"), "x");
        CertificateStore store = new CertificateStore(blocked.resolve("certificates.json"));
        assertTrue(store.get("k").isEmpty());
        assertThrows(UncheckedIOException.class, () -> store.put(verdict("k")));
    }
}
