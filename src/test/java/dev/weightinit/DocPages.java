package dev.weightinit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The project's Markdown pages, as the docs tests read them (paths relative to the repository root). */
final class DocPages {
    private DocPages() {
    }

    /** README.md, then every page directly in docs/ (not the generated reference), sorted. */
    static List<Path> guides() {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        pages.addAll(markdownIn(Path.of("docs"), 1));
        return pages;
    }

    /** The guides, CHANGELOG.md, the generated reference, benchmarks/RESULTS.md and kernels/STREAM-SPEC.md. */
    static List<Path> all() {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md"), Path.of("CHANGELOG.md"), Path.of("benchmarks/RESULTS.md"),
                Path.of("kernels/STREAM-SPEC.md")));
        pages.addAll(markdownIn(Path.of("docs"), Integer.MAX_VALUE));
        return pages;
    }

    private static List<Path> markdownIn(Path folder, int depth) {
        try (Stream<Path> files = Files.walk(folder, depth)) {
            return files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
