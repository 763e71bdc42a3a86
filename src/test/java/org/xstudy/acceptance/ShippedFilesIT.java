package org.xstudy.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README and Dockerfile name only what the build makes (run after {@code package}, by failsafe): the jar README's
 * command starts, the files the image copies and the jar it runs; the image runs as a non-root user with a health
 * check; README's first screen has the two commands, and what they need exists.
 */
class ShippedFilesIT {

    private static final Path DOCKERFILE = Path.of("Dockerfile");

    @Test
    void readmeStartsAJarTheBuildMakes() {
        Path jar = ReadmeCommand.jar();
        assertTrue(Files.isRegularFile(jar), "README's command starts " + jar + ", which the build does not make");
        assertTrue(Files.isDirectory(jar.getParent().resolve("lib")), "the jar's lib/ is beside it");
    }

    @Test
    void readmeFirstScreenHasTheRunAndTestCommands() {
        String readme = ReadmeCommand.read(ReadmeCommand.README);
        int block = readme.indexOf("```bash\n");
        String first = readme.substring(block, readme.indexOf("```\n", block + 7));
        assertTrue(readme.lines().limit(25).anyMatch(l -> l.startsWith("docker compose up")), first);
        assertTrue(first.contains("\n./mvnw verify"), first);
        assertTrue(Files.isExecutable(Path.of("mvnw")), "./mvnw is executable");
        String compose = ReadmeCommand.read(Path.of("docker-compose.yml"));
        assertTrue(compose.contains("build: ."), "docker compose builds the Dockerfile");
    }

    @Test
    void dockerfileRunsTheJarTheBuildMakesAsNonRootWithAHealthCheck() {
        String docker = ReadmeCommand.read(DOCKERFILE);
        // COPY --from=build <build path> <image path>: the build stage's WORKDIR is the repository
        Matcher copy = Pattern.compile("COPY --from=build /src/(\\S+) (\\S+)").matcher(docker);
        assertTrue(copy.find(), "the image copies the build's output");
        Path built = Path.of(copy.group(1));
        String imageDir = copy.group(2);
        assertTrue(Files.isDirectory(built), "the image copies " + built + ", which the build does not make");

        Matcher cmd = Pattern.compile("(?m)^CMD \\[(.*)]$").matcher(docker);
        assertTrue(cmd.find(), "a CMD");
        List<String> args = new ArrayList<>();
        Matcher arg = Pattern.compile("\"([^\"]*)\"").matcher(cmd.group(1));
        while (arg.find()) {
            args.add(arg.group(1));
        }
        String jarInImage = args.get(args.indexOf("-jar") + 1);
        assertTrue(jarInImage.startsWith(imageDir), jarInImage + " is under " + imageDir);
        Path jar = built.resolve(jarInImage.substring(imageDir.length()));
        assertTrue(Files.isRegularFile(jar), "the image runs " + jarInImage + " = " + jar + ", not built");
        assertEquals(ReadmeCommand.jar().normalize(), jar.normalize(), "the image runs README's jar");
        assertEquals(List.of("java", "-jar"), args.subList(0, 2), "the image runs README's command: " + args);

        Matcher user = Pattern.compile("(?m)^USER (\\S+)").matcher(docker);
        assertTrue(user.find() && !user.group(1).equals("root") && !user.group(1).equals("0"), "runs as non-root");
        assertTrue(Pattern.compile("(?m)^HEALTHCHECK .*(\\n\\s+.*)*/q/health/ready").matcher(docker).find(),
                "a HEALTHCHECK on /q/health/ready");

        Matcher sources = Pattern.compile("(?m)^COPY (?!--from)(.+) \\S+$").matcher(docker);
        while (sources.find()) {
            for (String source : sources.group(1).trim().split("\\s+")) {
                assertTrue(Files.exists(Path.of(source)), "the image copies " + source + ", which is not here");
            }
        }
    }
}
