package dev.weightinit.checkpoint;

import dev.weightinit.io.AtomicOutputFile;
import dev.weightinit.io.SafetensorsIndex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a model into a folder as one unit. Every file is first written whole under a temporary
 * name inside the folder ({@code .NAME.PID.RANDOM.partial}, through {@link AtomicOutputFile}, never
 * through a link planted there); only then does {@link #commit} remove the old model's loadable
 * entry points (the index and {@code model.safetensors}), then with {@code --overwrite} every other
 * file of the old model and weights of other formats, then rename the new files into place, the
 * new entry point last. A stop at any moment leaves the old model whole (before the commit), no
 * loadable model (during it: no index and no {@code model.safetensors}), or the new model whole;
 * {@link RunState} says which. Holds on local POSIX file systems, where a rename within a folder is
 * atomic; see {@code docs/design.md} for NFS, HDFS and object stores. Not thread-safe.
 */
final class FolderCommit implements AutoCloseable {
    /** The index of a sharded Hugging Face folder. */
    static final String INDEX = "model.safetensors.index.json";
    /** Shards as transformers and huggingface_hub name them. */
    private static final Pattern SHARD = Pattern.compile("model-[0-9]+-of-[0-9]+\\.safetensors");
    /** Weights of other formats that a folder must not keep beside a new model (transformers may load them first). */
    private static final Pattern OTHER_WEIGHTS = Pattern.compile("pytorch_model.*\\.bin(\\.index\\.json)?|tf_model\\.h5(\\.index\\.json)?"
            + "|flax_model.*\\.msgpack(\\.index\\.json)?|consolidated.*\\.(safetensors|pth)|model\\.ckpt.*");

    private final Path folder;
    private final boolean overwrite;
    private final boolean part;
    private final Consumer<String> notes;
    private final Map<String, AtomicOutputFile> staged = new LinkedHashMap<>();
    private boolean committed;

    /**
     * Checks the folder before anything is written: every name the model will write must not be a
     * folder or a special file there, and weights of another format are refused unless
     * {@code overwrite}. Removes temporary files that killed runs left.
     *
     * @param names the files the new model has
     * @throws IllegalArgumentException naming the entry in the way
     */
    FolderCommit(Path folder, List<String> names, boolean overwrite, boolean part, Consumer<String> notes) {
        this.folder = folder;
        this.overwrite = overwrite;
        this.part = part;
        this.notes = notes;
        for (String name : names) {
            Path target = folder.resolve(FileNames.checkPlain(name, "file name"));
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isSymbolicLink(target)) {
                throw new IllegalArgumentException(target + " exists and is not a regular file: the model writes a file of that name");
            }
        }
        if (!overwrite) {
            List<String> other = matching(OTHER_WEIGHTS);
            if (!other.isEmpty()) {
                throw new IllegalArgumentException(folder + " holds weights of another format (" + String.join(", ", other)
                        + "): a loader may read them instead of the new model; use --overwrite to remove them");
            }
        }
        AtomicOutputFile.removeStalePartials(folder).forEach(name -> notes.accept("init: removed " + folder.resolve(name)
                + ", left by a run that was killed"));
        RunState.set("no output was written; " + folder + " is as it was");
    }

    /** A new file of the model, open under its temporary name; written by the caller, committed by {@link #commit}. */
    AtomicOutputFile stage(String name) throws IOException {
        AtomicOutputFile file = AtomicOutputFile.createReplacingLinks(folder.resolve(FileNames.checkPlain(name, "file name")));
        staged.put(name, file);
        return file;
    }

    /** A small new file of the model with these bytes. */
    AtomicOutputFile stage(String name, byte[] content) throws IOException {
        AtomicOutputFile file = stage(name);
        file.writeAt(ByteBuffer.wrap(content), 0);
        file.finish();
        return file;
    }

    /**
     * Puts the staged files in place, the entry point last ({@code entryPoint}: the index, or
     * {@code model.safetensors} of a one-file model), after the old model's entry points are gone;
     * with {@code --overwrite} the rest of the old model and other weight formats go too.
     */
    void commit(String entryPoint) throws IOException {
        for (AtomicOutputFile file : staged.values()) {
            file.finish();
        }
        if (!part) {
            Set<String> indexed = shardsOf(folder.resolve(INDEX));
            for (String old : new String[] {INDEX, "model.safetensors"}) {
                if (Files.deleteIfExists(folder.resolve(old)) && !staged.containsKey(old)) {
                    notes.accept("init: removed the old " + folder.resolve(old));
                }
            }
            RunState.set(folder + " holds no loadable model (no index, no model.safetensors): the run stopped while it replaced "
                    + "the old one; run it again");
            if (overwrite) {
                removeOldModel(indexed);
            }
        }
        for (Map.Entry<String, AtomicOutputFile> file : staged.entrySet()) {
            if (!file.getKey().equals(entryPoint)) {
                file.getValue().commit();
            }
        }
        if (staged.containsKey(entryPoint)) {
            staged.get(entryPoint).commit();
        }
        committed = true;
        RunState.set("the new model in " + folder + " is whole");
    }

    /** Old shards ({@code model-*-of-*.safetensors}, and what the old index named) and other weight formats. */
    private void removeOldModel(Set<String> indexed) throws IOException {
        Set<String> old = new TreeSet<>(matching(SHARD));
        for (String name : indexed) {
            if (name.endsWith(".safetensors") && name.indexOf('/') < 0 && name.indexOf('\\') < 0 && !name.startsWith(".")) {
                old.add(name);
            }
        }
        old.addAll(matching(OTHER_WEIGHTS));
        for (String name : old) {
            if (!staged.containsKey(name) && Files.deleteIfExists(folder.resolve(name))) {
                notes.accept("init: removed " + folder.resolve(name) + " (the old model's, with --overwrite)");
            }
        }
    }

    /** The names in the folder that match, sorted. */
    private List<String> matching(Pattern pattern) {
        List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(folder)) {
            entries.map(p -> p.getFileName().toString()).filter(n -> pattern.matcher(n).matches()).sorted().forEach(names::add);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        return names;
    }

    /** The shards an index names, when it is one; none otherwise (a file that is not an index names nothing to remove). */
    static Set<String> shardsOf(Path index) {
        if (!Files.isRegularFile(index, LinkOption.NOFOLLOW_LINKS)) {
            return Set.of();
        }
        try {
            return new TreeSet<>(SafetensorsIndex.weightMap(index).values());
        } catch (RuntimeException e) {
            return Set.of();
        }
    }

    /** Deletes every staged file that was not committed. */
    @Override
    public void close() {
        for (AtomicOutputFile file : staged.values()) {
            file.close();
        }
        if (!committed && RunState.describe().startsWith("no output")) {
            RunState.set("no output was written");
        }
    }
}
