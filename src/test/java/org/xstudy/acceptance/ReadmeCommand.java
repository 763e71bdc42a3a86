package org.xstudy.acceptance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command README's "Run without Docker" gives to start xstudy: every test that runs the packaged app starts it
 * with exactly this line, so a README that names something the build does not make fails the tests.
 */
public final class ReadmeCommand {

    public static final Path README = Path.of("README.md");
    private static final Pattern JAVA_LINE = Pattern.compile("^java\\s.*-jar\\s+(\\S+)\\s*$");

    private ReadmeCommand() {}

    /** The {@code java ... -jar <jar>} line of README's "Run without Docker" section, as written. */
    public static String javaLine() {
        String section = section("## Run without Docker");
        List<String> lines = section.lines().filter(l -> JAVA_LINE.matcher(l).matches()).toList();
        if (lines.size() != 1) {
            throw new IllegalStateException("README's 'Run without Docker' should have one 'java ... -jar' line, has "
                    + lines);
        }
        return lines.get(0).strip();
    }

    /** The jar README's command starts, relative to the repository. */
    public static Path jar() {
        Matcher m = JAVA_LINE.matcher(javaLine());
        if (!m.matches()) {
            throw new IllegalStateException("no -jar in " + javaLine());
        }
        return Path.of(m.group(1));
    }

    /** The text of README from {@code heading} to the next heading of the same level. */
    static String section(String heading) {
        String readme = read(README);
        int start = readme.indexOf("\n" + heading + "\n");
        if (start < 0) {
            throw new IllegalStateException("README has no section '" + heading + "'");
        }
        int end = readme.indexOf("\n## ", start + heading.length() + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
