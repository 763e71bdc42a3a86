package org.xstudy.analysis.mixed;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.xstudy.analysis.Answer;

/**
 * Benchmark command, not part of the suite (the class name does not end in Test): the GLMM on 100,000 answers
 * (1,000 participants × 100 items, 4 conditions between subjects) fitted by xstudy and by {@code lme4::glmer} in the
 * same run. Prints wall and CPU time and peak memory of both:
 * {@code ./mvnw -q test -Dtest=GlmmBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DargLine="-Xmx512m"}.
 * Java's peak is the sum of the heap pools' peaks after a GC and a reset; R's is {@code gc()}'s "max used" (its
 * heap), and R's whole process's peak resident set size is {@code /usr/bin/time -v}'s. R's time is that of the
 * {@code glmer} call alone, with its default control (what a researcher runs).
 */
class GlmmBenchmark {

    @Test
    void fit100kAnswers() throws Exception {
        SimulatedStudy design = SimulatedStudy.balanced(1000, 100, List.of("heatmap", "llm", "none", "template"),
                new double[] {0.3, 0.4, -0.3, 0.2}, 0.5, 0.8, false);
        List<Answer> answers = design.draw(new SplittableRandom(100_000));
        Path dir = Files.createDirectories(Path.of("target", "glmm-benchmark"));
        Path csv = dir.resolve("study100k.csv");
        GlmmAgreesWithLme4Test.writeCsv(answers, csv);
        System.out.printf("load average at start: %.1f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        var threads = ManagementFactory.getThreadMXBean();
        for (int run = 1; run <= 2; run++) {
            System.gc();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            long cpu = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            GlmmDesign d = GlmmDesign.of(answers);
            GlmmFit fit = GlmmFitter.fit(d.data(), d.formula(), 0.95);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpuS = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf("xstudy run %d: %.2f s wall, %.2f s CPU, %d deviance evaluations, peak heap %d MB, "
                    + "logLik %.6f, load %.1f%n", run, wall, cpuS, fit.evaluations(), peak >> 20, fit.logLik(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        Path script = dir.resolve("fit-glmer.R");
        try (InputStream in = getClass().getResourceAsStream("/mixed/fit-glmer.R")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        for (String control : List.of("default")) {
            Process p = new ProcessBuilder("/usr/bin/time", "-v", "Rscript", "--vanilla", script.toString(), control,
                    csv.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            for (String line : out.split("\n")) {
                if (line.contains("seconds") || line.contains("peakMb") || line.contains("logLik")
                        || line.contains("Maximum resident") || line.contains("Elapsed (wall")
                        || line.contains("User time")) {
                    System.out.println("lme4 (" + control + "): " + line.trim());
                }
            }
            System.out.printf("load %.1f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
