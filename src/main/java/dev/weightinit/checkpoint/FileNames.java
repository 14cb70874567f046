package dev.weightinit.checkpoint;

/** The file names that checkpoints, layout files and indexes may give: plain names inside one folder. Thread-safe: stateless. */
public final class FileNames {
    private FileNames() {
    }

    /**
     * @param where what named it, for the message ({@code "layout file L: files[2].name"})
     * @throws IllegalArgumentException unless {@code name} is a plain file name: not empty, no
     *                                  {@code /} or {@code \}, not {@code .} or {@code ..}, no NUL
     */
    public static String checkPlain(String name, String where) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0
                || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(where + " '" + name + "' is not a plain file name: expected a name inside the folder, "
                    + "without / or \\, not . or ..");
        }
        return name;
    }
}
