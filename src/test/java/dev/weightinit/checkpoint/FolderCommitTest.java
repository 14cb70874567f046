package dev.weightinit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.io.SafetensorsIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * {@link FolderCommit} on a folder laid out by hand: what is refused before anything is written, which
 * old files a commit removes with and without {@code --overwrite} (and which it never touches), the
 * notes it gives for each, the order of the run-state phrases, and a close without a commit that
 * leaves the folder as it was. {@link RunState} is JVM-wide, so these tests hold its lock.
 */
@ResourceLock("dev.weightinit.checkpoint.RunState")
class FolderCommitTest {
    @TempDir
    Path folder;

    private final List<String> notes = new ArrayList<>();

    private void file(String name, String content) throws IOException {
        Files.writeString(folder.resolve(name), content);
    }

    private Set<String> names() throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return new TreeSet<>(entries.map(p -> p.getFileName().toString()).toList());
        }
    }

    private String content(String name) throws IOException {
        return Files.readString(folder.resolve(name));
    }

    /** An old sharded model: two shards, an index naming them and a hostile entry, and a config. */
    private void oldShardedModel() throws IOException {
        file("model-00001-of-00002.safetensors", "old 1");
        file("model-00002-of-00002.safetensors", "old 2");
        file("extra.safetensors", "named only by the old index");
        file(".hidden.safetensors", "never removed");
        file("config.json", "{}");
        Files.write(folder.resolve(FolderCommit.INDEX), SafetensorsIndex.of(Map.of("total_size", 1), Map.of("a",
                "model-00001-of-00002.safetensors", "b", "model-00002-of-00002.safetensors", "c", "extra.safetensors", "d",
                "../outside.safetensors", "e", ".hidden.safetensors", "f", "sub\\dir.safetensors")));
    }

    @Test
    void aFolderOrSpecialFileInTheWayIsRefusedAndALinkOrFileIsNot() throws IOException {
        Files.createDirectory(folder.resolve("model.safetensors"));
        assertEquals(folder.resolve("model.safetensors") + " exists and is not a regular file: the model writes a file of that name",
                assertThrows(IllegalArgumentException.class, () -> new FolderCommit(folder, List.of("config.json", "model.safetensors"),
                        false, false, notes::add)).getMessage());
        Files.delete(folder.resolve("model.safetensors"));
        file("config.json", "{}");
        Files.createSymbolicLink(folder.resolve("model.safetensors"), folder.resolve("elsewhere"));
        new FolderCommit(folder, List.of("config.json", "model.safetensors"), false, false, notes::add).close();
    }

    @Test
    void otherWeightFormatsAreRefusedWithoutOverwriteNamingThemInOrder() throws IOException {
        file("tf_model.h5", "x");
        file("pytorch_model.bin", "x");
        file("notes.bin", "not a weight file");
        assertEquals(folder + " holds weights of another format (pytorch_model.bin, tf_model.h5): a loader may read them instead of "
                + "the new model; use --overwrite to remove them", assertThrows(IllegalArgumentException.class,
                        () -> new FolderCommit(folder, List.of("model.safetensors"), false, false, notes::add)).getMessage());
        new FolderCommit(folder, List.of("model.safetensors"), true, false, notes::add).close();
    }

    @Test
    void aPartialLeftByADeadRunIsRemovedWithANote() throws IOException {
        String stale = ".model.safetensors." + Long.MAX_VALUE + ".abc.partial";
        file(stale, "x");
        new FolderCommit(folder, List.of("model.safetensors"), false, false, notes::add).close();
        assertFalse(Files.exists(folder.resolve(stale)));
        assertEquals(List.of("init: removed " + folder.resolve(stale) + ", left by a run that was killed"), notes);
    }

    @Test
    void withoutOverwriteOnlyTheOldEntryPointsGo() throws IOException {
        oldShardedModel();
        try (FolderCommit commit = new FolderCommit(folder, List.of("config.json", "model.safetensors"), false, false, notes::add)) {
            assertEquals("no output was written; " + folder + " is as it was", RunState.describe());
            commit.stage("config.json", "{\"new\": 1}".getBytes(StandardCharsets.UTF_8));
            commit.stage("model.safetensors", "new".getBytes(StandardCharsets.UTF_8));
            commit.commit("model.safetensors");
            assertEquals("the new model in " + folder + " is whole", RunState.describe());
        }
        assertEquals(Set.of(".hidden.safetensors", "config.json", "extra.safetensors", "model-00001-of-00002.safetensors",
                "model-00002-of-00002.safetensors", "model.safetensors"), names());
        assertEquals("new", content("model.safetensors"));
        assertEquals("{\"new\": 1}", content("config.json"));
        assertEquals(List.of("init: removed the old " + folder.resolve(FolderCommit.INDEX)), notes);
    }

    @Test
    void withOverwriteTheOldShardsWhatTheOldIndexNamedAndOtherFormatsGo() throws IOException {
        oldShardedModel();
        file("pytorch_model.bin", "x");
        file("model.safetensors", "old single file");
        try (FolderCommit commit = new FolderCommit(folder, List.of("config.json", "model-00001-of-00002.safetensors", "model.safetensors"),
                true, false, notes::add)) {
            commit.stage("model-00001-of-00002.safetensors", "new shard".getBytes(StandardCharsets.UTF_8));
            commit.stage("model.safetensors", "new".getBytes(StandardCharsets.UTF_8));
            commit.commit("model.safetensors");
        }
        assertEquals(Set.of(".hidden.safetensors", "config.json", "model-00001-of-00002.safetensors", "model.safetensors"), names(),
                "a hidden name, a path and a config are never removed; the staged shard is replaced, not removed");
        assertEquals("new shard", content("model-00001-of-00002.safetensors"));
        assertEquals(List.of("init: removed the old " + folder.resolve(FolderCommit.INDEX),
                "init: removed " + folder.resolve("extra.safetensors") + " (the old model's, with --overwrite)",
                "init: removed " + folder.resolve("model-00002-of-00002.safetensors") + " (the old model's, with --overwrite)",
                "init: removed " + folder.resolve("pytorch_model.bin") + " (the old model's, with --overwrite)"), notes,
                "the replaced model.safetensors is not announced: the new one takes its name");
    }

    /**
     * Names an old index may hold that start with a separator: an absolute path (resolved against the
     * folder it would name a file anywhere) and a name starting with a backslash (a plain file name on
     * POSIX, but a path on Windows). Neither is the old model's shard, so neither is removed.
     */
    @Test
    void anIndexedNameStartingWithASeparatorIsNeverRemoved() throws IOException {
        Path elsewhere = Files.createDirectory(folder.resolve("elsewhere"));
        Path victim = Files.writeString(elsewhere.resolve("victim.safetensors"), "not the model's");
        file("\\lead.safetensors", "a plain name on POSIX");
        Files.write(folder.resolve(FolderCommit.INDEX), SafetensorsIndex.of(Map.of("total_size", 1), Map.of("a", victim.toString(),
                "b", "\\lead.safetensors")));
        try (FolderCommit commit = new FolderCommit(folder, List.of("model.safetensors"), true, false, notes::add)) {
            commit.stage("model.safetensors", "new".getBytes(StandardCharsets.UTF_8));
            commit.commit("model.safetensors");
        }
        assertTrue(Files.exists(victim), "an absolute name in an old index is never followed");
        assertEquals(Set.of("\\lead.safetensors", "elsewhere", "model.safetensors"), names());
        assertEquals(List.of("init: removed the old " + folder.resolve(FolderCommit.INDEX)), notes);
    }

    /** While the old shards are removed, the run state says the folder holds no loadable model. */
    @Test
    void theOldShardsGoWhileTheFolderHoldsNoLoadableModel() throws IOException {
        oldShardedModel();
        List<String> states = new ArrayList<>();
        try (FolderCommit commit = new FolderCommit(folder, List.of("model.safetensors"), true, false,
                note -> states.add(note.substring(0, note.indexOf(' ', "init: removed ".length())) + " | " + RunState.describe()))) {
            commit.stage("model.safetensors", "new".getBytes(StandardCharsets.UTF_8));
            commit.commit("model.safetensors");
        }
        String none = folder + " holds no loadable model (no index, no model.safetensors): the run stopped while it replaced the old one; "
                + "run it again";
        assertEquals(List.of("init: removed the | no output was written; " + folder + " is as it was",
                "init: removed " + folder.resolve("extra.safetensors") + " | " + none,
                "init: removed " + folder.resolve("model-00001-of-00002.safetensors") + " | " + none,
                "init: removed " + folder.resolve("model-00002-of-00002.safetensors") + " | " + none), states);
    }

    /**
     * A staged file written through its channel keeps the replaced file's permissions: every staged
     * file is finished (and takes the old file's attributes) before the old entry points are removed.
     */
    @Test
    void aReplacedEntryPointsPermissionsAreKept() throws IOException {
        file("model.safetensors", "old");
        Files.setPosixFilePermissions(folder.resolve("model.safetensors"), PosixFilePermissions.fromString("rw-r-----"));
        try (FolderCommit commit = new FolderCommit(folder, List.of("model.safetensors"), false, false, notes::add)) {
            commit.stage("model.safetensors").writeAt(java.nio.ByteBuffer.wrap("new".getBytes(StandardCharsets.UTF_8)), 0);
            commit.commit("model.safetensors");
        }
        assertEquals("new", content("model.safetensors"));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("model.safetensors"))));
    }

    @Test
    void aPartLeavesTheOldIndexAndShards() throws IOException {
        oldShardedModel();
        try (FolderCommit commit = new FolderCommit(folder, List.of("model-00001-of-00002.safetensors"), true, true, notes::add)) {
            commit.stage("model-00001-of-00002.safetensors", "part".getBytes(StandardCharsets.UTF_8));
            commit.commit(FolderCommit.INDEX);
        }
        assertTrue(Files.exists(folder.resolve(FolderCommit.INDEX)));
        assertTrue(Files.exists(folder.resolve("model-00002-of-00002.safetensors")));
        assertEquals("part", content("model-00001-of-00002.safetensors"));
        assertEquals(List.of(), notes);
    }

    @Test
    void aCloseWithoutACommitLeavesTheFolderAsItWas() throws IOException {
        oldShardedModel();
        Set<String> before = names();
        try (FolderCommit commit = new FolderCommit(folder, List.of("model.safetensors"), false, false, notes::add)) {
            commit.stage("model.safetensors").writeAt(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), 0);
        }
        assertEquals(before, names(), "the staged file is gone, nothing else moved");
        assertEquals("no output was written", RunState.describe());
    }

    @Test
    void theShardsOfAnIndexAndOfAnythingElse() throws IOException {
        oldShardedModel();
        assertEquals(Set.of("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors", "extra.safetensors",
                "../outside.safetensors", ".hidden.safetensors", "sub\\dir.safetensors"), FolderCommit.shardsOf(folder.resolve(FolderCommit.INDEX)));
        assertEquals(Set.of(), FolderCommit.shardsOf(folder.resolve("config.json")), "no weight_map");
        assertEquals(Set.of(), FolderCommit.shardsOf(folder.resolve("missing.json")));
        Files.createSymbolicLink(folder.resolve("link.json"), folder.resolve(FolderCommit.INDEX));
        assertEquals(Set.of(), FolderCommit.shardsOf(folder.resolve("link.json")), "a link is not followed");
    }
}
