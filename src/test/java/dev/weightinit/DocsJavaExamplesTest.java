package dev.weightinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the README and of {@code docs/*.md} is compiled against the
 * library and run, so the examples cannot drift from the API. A block's {@code import} lines become
 * the class's imports; the rest is the body of its {@code main}.
 */
class DocsJavaExamplesTest {
    private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void everyJavaExampleCompilesAndRuns() throws Exception {
        List<String> classNames = new ArrayList<>();
        List<Path> sources = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        for (Path page : DocPages.guides()) {
            Matcher matcher = BLOCK.matcher(Files.readString(page, StandardCharsets.UTF_8));
            while (matcher.find()) {
                String name = "DocExample" + classNames.size();
                StringBuilder imports = new StringBuilder();
                StringBuilder body = new StringBuilder();
                for (String line : matcher.group(1).split("\n")) {
                    (line.startsWith("import ") ? imports : body).append(line).append('\n');
                }
                Path source = dir.resolve(name + ".java");
                Files.writeString(source, "// from " + page + "\n" + imports + "public class " + name + " {\n"
                        + "    public static void main(String[] args) throws Exception {\n" + body + "    }\n}\n");
                classNames.add(name);
                sources.add(source);
                origins.add(page.toString());
            }
        }
        for (String page : List.of("README.md", "docs/java-api.md", "docs/keras.md", "docs/pytorch.md")) {
            assertTrue(origins.contains(page), page + " has a Java example");
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> arguments = new ArrayList<>(List.of("-d", dir.toString(), "-classpath",
                System.getProperty("java.class.path"), "-Xlint:none"));
        sources.forEach(s -> arguments.add(s.toString()));
        int status = javac.run(null, null, null, arguments.toArray(String[]::new));
        assertEquals(0, status, "Java examples of the docs do not compile (see the compiler's output above)");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            for (int i = 0; i < classNames.size(); i++) {
                Method main = loader.loadClass(classNames.get(i)).getMethod("main", String[].class);
                try {
                    main.invoke(null, (Object) new String[0]);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw new AssertionError("the Java example " + i + " of " + origins.get(i) + " failed", e.getCause());
                }
            }
        }
    }
}
