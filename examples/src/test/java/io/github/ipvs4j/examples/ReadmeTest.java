package io.github.ipvs4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.model.IpvsUnavailableException;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of README.md, read from the file and compiled as written (a complete
 * compilation unit with its imports, for Java 17, warnings as errors), then run: a class with a
 * {@code main} method as a program, a class with JUnit {@code @Test} methods as a test. A block whose
 * prose names a file {@code src/test/resources/NAME} becomes that resource of the snippets. A snippet
 * that opens the real kernel ({@code Ipvs.open(}) may fail only with {@link IpvsUnavailableException}, as
 * the README says it does where there is no IPVS; it is not run where IPVS is available, as it would
 * change this host's table.
 */
class ReadmeTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Pattern FENCE = Pattern.compile("(?m)^```(\\S*)[^\\n]*\\n(.*?)^```\\s*$", Pattern.DOTALL);
    private static final Pattern RESOURCE = Pattern.compile("`src/test/resources/([^`\\s]+)`");
    private static final Pattern CLASS = Pattern.compile(
            "(?m)^(?:public\\s+|final\\s+|abstract\\s+)*(?:class|record|interface|enum)\\s+(\\w+)");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");

    @TempDir
    Path dir;

    /** A fenced block of the README: its language, text, and the line its text starts on. */
    record Block(String language, String text, int line, String resource) {
    }

    static List<Block> blocks(String markdown) {
        List<Block> out = new ArrayList<>();
        Matcher m = FENCE.matcher(markdown);
        int previousEnd = 0;
        while (m.find()) {
            Matcher named = RESOURCE.matcher(markdown.substring(previousEnd, m.start()));
            String resource = null;
            while (named.find()) {
                resource = named.group(1);
            }
            int line = (int) markdown.substring(0, m.start(2)).chars().filter(c -> c == '\n').count() + 1;
            out.add(new Block(m.group(1).toLowerCase(Locale.ROOT), m.group(2), line, resource));
            previousEnd = m.end();
        }
        return out;
    }

    @Test
    void everyJavaBlockIsFound() throws IOException {
        String readme = Files.readString(README);
        List<Block> java = blocks(readme).stream().filter(b -> b.language().equals("java")).toList();
        int fences = 0;
        for (int i = readme.indexOf("```java"); i >= 0; i = readme.indexOf("```java", i + 1)) {
            fences++;
        }
        assertThat(java).hasSize(fences).isNotEmpty();
        assertThat(java).anyMatch(b -> b.text().contains("Ipvs.open()"))
                .anyMatch(b -> b.text().contains("FakeKernel.create()"));
    }

    @TestFactory
    List<DynamicTest> everyJavaBlockCompilesAndRuns() throws IOException {
        List<Block> all = blocks(Files.readString(README));
        List<Block> resources = all.stream().filter(b -> b.resource() != null && !b.language().equals("java"))
                .toList();
        List<DynamicTest> tests = new ArrayList<>();
        for (Block b : all) {
            if (b.language().equals("java")) {
                tests.add(DynamicTest.dynamicTest("README.md line " + b.line(), () -> compileAndRun(b, resources)));
            }
        }
        return tests;
    }

    private void compileAndRun(Block snippet, List<Block> resources) throws Exception {
        Matcher cls = CLASS.matcher(snippet.text());
        assertThat(cls.find()).as("README.md line %d: a snippet is a complete class", snippet.line()).isTrue();
        Matcher pkg = PACKAGE.matcher(snippet.text());
        String name = (pkg.find() ? pkg.group(1) + "." : "") + cls.group(1);
        Path sources = Files.createDirectories(dir.resolve("src"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path source = sources.resolve(name.replace('.', File.separatorChar) + ".java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, snippet.text());
        for (Block r : resources) {
            assertThat(getClass().getClassLoader().getResource(r.resource()))
                    .as("a resource %s on the test class path would hide the README's", r.resource()).isNull();
            Files.writeString(classes.resolve(r.resource()), r.text());
        }
        compile(source, classes, snippet.line());

        boolean real = snippet.text().contains("Ipvs.open(");
        if (real) {
            assumeFalse(ipvsAvailable(), "IPVS is available here: running the snippet would change this host's table");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            Class<?> c = loader.loadClass(name);
            try {
                run(c, snippet.line());
                assertThat(real).as("README.md line %d opened the real kernel without IPVS", snippet.line()).isFalse();
            } catch (InvocationTargetException e) {
                if (!(real && e.getCause() instanceof IpvsUnavailableException)) {
                    throw new AssertionError("README.md line " + snippet.line() + " failed", e.getCause());
                }
            }
        }
    }

    private static void compile(Path source, Path classes, int line) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            List<String> options = List.of("--release", "17", "-Xlint:all,-processing,-path", "-Werror",
                    "-proc:none", "-classpath", testClassPath(), "-d", classes.toString());
            boolean ok = javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(source))
                    .call();
            if (!ok) {
                StringBuilder why = new StringBuilder("README.md line " + line + " does not compile:");
                diagnostics.getDiagnostics().forEach(d -> why.append("\n  snippet line ").append(d.getLineNumber())
                        .append(": ").append(d.getMessage(Locale.ROOT)));
                fail(why.toString());
            }
        }
    }

    /** Runs {@code main}, or else every {@code @Test} method; what a snippet throws is the cause of the exception. */
    private static void run(Class<?> c, int line) throws Exception {
        try {
            Method main = c.getMethod("main", String[].class);
            if (Modifier.isStatic(main.getModifiers())) {
                main.invoke(null, (Object) new String[0]);
                return;
            }
        } catch (NoSuchMethodException e) {
            // not a program; a test?
        }
        List<Method> tests = new ArrayList<>();
        for (Method m : c.getDeclaredMethods()) {
            if (m.isAnnotationPresent(Test.class)) {
                tests.add(m);
            }
        }
        assertThat(tests).as("README.md line %d: a snippet has a main method or @Test methods", line).isNotEmpty();
        var constructor = c.getDeclaredConstructor();
        constructor.setAccessible(true);
        for (Method m : tests) {
            m.setAccessible(true);
            m.invoke(constructor.newInstance());
        }
    }

    /** The class path the tests run with: surefire's manifest-only jar hides it from java.class.path. */
    private static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** Whether {@code Ipvs.open()} reaches a kernel's IPVS here (a transport may be available without it). */
    private static boolean ipvsAvailable() {
        try {
            Ipvs.open().close();
            return true;
        } catch (IpvsUnavailableException e) {
            return false;
        }
    }
}
