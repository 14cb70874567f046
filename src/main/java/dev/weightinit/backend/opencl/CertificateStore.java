package dev.weightinit.backend.opencl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Certification verdicts kept between runs, one per {@link Certification#deviceKey}, in
 * {@code certificates.json} of the user's cache folder: the system property
 * {@code weightinit.cache} if set, else {@code $XDG_CACHE_HOME/weightinit}, else
 * {@code ~/.cache/weightinit} (the XDG base directory rule). An unreadable file counts as empty;
 * a write goes to a temporary file that replaces the old one.
 *
 * <p>Thread-safe within one JVM (synchronized).
 */
public final class CertificateStore {
    /** System property naming the cache folder (the tests use one of their own). */
    public static final String CACHE_PROPERTY = "weightinit.cache";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * A kept verdict.
     *
     * @param passed      whether every check passed
     * @param failedCheck the first failed check, or {@code null}
     * @param checkedAt   when the device was certified (ISO-8601)
     * @param seconds     how long it took
     */
    public record Stored(boolean passed, String failedCheck, String checkedAt, double seconds) {
        /** {@code yes}, or {@code FAILED} and the check. */
        public String summary() {
            return passed ? "yes" : "FAILED " + failedCheck;
        }
    }

    private final Path file;

    public CertificateStore(Path file) {
        this.file = file;
    }

    /** The store in the user's cache folder. */
    public static CertificateStore user() {
        String property = System.getProperty(CACHE_PROPERTY);
        Path folder;
        if (property != null && !property.isBlank()) {
            folder = Path.of(property);
        } else {
            String xdg = System.getenv("XDG_CACHE_HOME");
            folder = (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
                    .resolve("weightinit");
        }
        return new CertificateStore(folder.resolve("certificates.json"));
    }

    public Path file() {
        return file;
    }

    /** The verdict kept for {@code deviceKey}, if any. */
    public synchronized Optional<Stored> get(String deviceKey) {
        return Optional.ofNullable(read().get(deviceKey));
    }

    /** The verdict for {@code info}'s device as {@code auto} opens it (default options). */
    public Optional<Stored> get(OpenClDeviceInfo info) {
        return get(Certification.deviceKey(info, OpenClBackend.defaultBlocksPerWorkItem(info)));
    }

    /**
     * Keeps a verdict.
     *
     * @throws UncheckedIOException if the cache folder cannot be written
     */
    public synchronized void put(Certification.Verdict verdict) {
        Map<String, Stored> all = read();
        all.put(verdict.deviceKey(), new Stored(verdict.passed(), verdict.failedCheck(), verdict.checkedAt(), verdict.seconds()));
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), ".certificates", ".partial");
            try {
                JSON.writeValue(temporary.toFile(), all);
                try {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** A cache file larger than this is not read (a machine holds a handful of verdicts, a few hundred bytes each). */
    static final long MAX_BYTES = 1L << 20;

    /**
     * The kept verdicts. The file is a cache: one that is missing, unreadable, oversized, not JSON or
     * a link counts as empty (its devices are certified again), and an entry is trusted only when
     * every field parses with its type: {@code passed} a boolean, {@code failedCheck} text or null
     * (text when it failed), {@code checkedAt} text, {@code seconds} a number.
     */
    private Map<String, Stored> read() {
        Map<String, Stored> all = new TreeMap<>();
        try {
            if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_BYTES) {
                return all;
            }
            JSON.readTree(file.toFile()).fields().forEachRemaining(e -> {
                com.fasterxml.jackson.databind.JsonNode v = e.getValue();
                boolean typed = v.isObject() && v.path("passed").isBoolean() && v.path("checkedAt").isTextual()
                        && v.path("seconds").isNumber() && (v.path("passed").asBoolean() ? v.path("failedCheck").isNull()
                        || v.path("failedCheck").isMissingNode() : v.path("failedCheck").isTextual());
                if (typed) {
                    all.put(e.getKey(), new Stored(v.get("passed").asBoolean(), v.path("failedCheck").isTextual()
                            ? v.get("failedCheck").asText() : null, v.get("checkedAt").asText(), v.get("seconds").asDouble()));
                }
            });
        } catch (IOException | RuntimeException e) {
            all.clear(); // not a cache this version wrote: certify again
        }
        return all;
    }
}
