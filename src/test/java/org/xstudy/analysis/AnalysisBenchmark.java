package org.xstudy.analysis;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.xstudy.analysis.Answer.Kind;
import org.xstudy.export.ExportRow;
import org.xstudy.export.JsonFormat;
import org.xstudy.export.LongFormat;
import org.xstudy.export.WideFormat;

/**
 * Benchmark command, not part of the suite (the class name does not end in Test):
 * {@code ./mvnw -q test -Dtest=AnalysisBenchmark -Dsurefire.failIfNoSpecifiedTests=false}. Prints figures.
 */
class AnalysisBenchmark {

    static final String[] CONDITIONS = {"none", "placebo", "heatmap", "text"};

    /** 1,000 participants × 100 answers: pre 20, post 20, main 40 forward, 10 counterfactual, 10 ratings. */
    static List<Answer> study(int participants) {
        SplittableRandom rng = new SplittableRandom(1);
        List<Answer> answers = new ArrayList<>(participants * 100);
        for (int p = 0; p < participants; p++) {
            String condition = CONDITIONS[p % CONDITIONS.length];
            double skill = 0.55 + 0.1 * (p % CONDITIONS.length) / 3.0 + rng.nextDouble(-0.1, 0.1);
            for (int k = 0; k < 100; k++) {
                int item = (p * 7 + k) % 100;
                String model = item % 2 == 0 ? "pos" : "neg";
                String gold = item % 5 == 0 ? (model.equals("pos") ? "neg" : "pos") : model;
                boolean right = rng.nextDouble() < skill;
                String guess = right ? model : (model.equals("pos") ? "neg" : "pos");
                long ms = 800 + rng.nextInt(6000);
                String id = "P" + p;
                String it = "i" + item;
                if (k < 20) {
                    answers.add(new Answer(id, condition, "pre", it, k, Kind.FORWARD, guess, model, gold, null, null, ms));
                } else if (k < 40) {
                    answers.add(new Answer(id, condition, "post", it, k, Kind.FORWARD, guess, model, gold, null, null, ms));
                } else if (k < 80) {
                    answers.add(new Answer(id, condition, "main", it, k, Kind.FORWARD, guess, model, gold, null, null, ms));
                } else if (k < 90) {
                    answers.add(new Answer(id, condition, "main", it, k, Kind.COUNTERFACTUAL, guess, model, gold, null,
                            null, ms));
                } else {
                    answers.add(new Answer(id, condition, "rating", "i" + ((p * 7 + k - 50) % 100), k, Kind.RATING,
                            null, null, null, "helpfulness", 1 + rng.nextInt(7), ms));
                }
            }
        }
        return answers;
    }

    @Test
    void analysisAndExport() {
        int participants = 1000;
        List<Answer> answers = study(participants);
        List<Participant> ps = new ArrayList<>();
        for (int p = 0; p < participants; p++) {
            ps.add(new Participant("P" + p, CONDITIONS[p % 4], p % 50 != 0));
        }
        List<FaithfulnessScore> scores = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            scores.add(new FaithfulnessScore("i" + i, "heatmap", "comprehensiveness", (i % 17) / 17.0));
            scores.add(new FaithfulnessScore("i" + i, "heatmap", "sufficiency", (i % 13) / 13.0));
        }
        StudyData data = new StudyData("bench", ps, answers, ExclusionRules.defaults(), List.of(), scores,
                "none");
        AnalysisParams params = AnalysisParams.defaults().withResamples(2000);
        System.out.printf("cores available: %d%n", Runtime.getRuntime().availableProcessors());
        for (int run = 1; run <= 4; run++) {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            double load = os.getSystemLoadAverage();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            AnalysisReport report = StudyAnalyzer.analyze(data, params);
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            System.out.printf("run %d: full analysis (with and without exclusions) of %d answers, %d participants, "
                    + "%d resamples, %d permutations: %.3f s wall, %.3f s CPU (%d excluded; load average %.1f)%n",
                    run, answers.size(), participants, params.resamples(), params.permutations(), s, cpu,
                    report.exclusions().size(), load);
        }
        for (long rows : Boolean.getBoolean("bench.skipExport") ? new long[0] : new long[] {100_000, 1_000_000, 3_000_000}) {
            exportRun("long-csv", rows, out -> LongFormat.write(rows(rows), out));
            exportRun("wide-csv", rows, out -> WideFormat.write(rows(rows), List.of("helpfulness"),
                    org.xstudy.export.Questionnaire.none(), out));
            exportRun("json", rows, out -> JsonFormat.writeRows(rows(rows), out));
        }
    }

    /** Rows generated lazily, grouped by participant (100 per participant), as the database streams them. */
    static Stream<ExportRow> rows(long n) {
        return LongStream.range(0, n).mapToObj(i -> new ExportRow("bench", "P" + (i / 100), null,
                CONDITIONS[(int) (i / 100 % 4)], "main", Kind.FORWARD, "i" + (i % 100), (int) (i % 100) + 1,
                "heatmap", "integrated_gradients", "1", "Which label will the model predict?",
                i % 3 == 0 ? "neg" : "pos", "pos", "pos", null, null, "2026-11-22T08:00:00Z",
                "2026-11-22T08:00:04Z", 3900L, 4000L, new org.xstudy.export.Session("completed", null, null,
                "2026-11-22T07:50:00Z", "2026-11-22T08:10:00Z"), "", null));
    }

    interface Export {
        long write(OutputStream out);
    }

    static void exportRun(String what, long rows, Export export) {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long[] bytes = {0};
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                bytes[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes[0] += len;
            }
        };
        long t0 = System.nanoTime();
        export.write(sink);
        double s = (System.nanoTime() - t0) / 1e9;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.out.printf("%s: %,d rows in %.3f s = %,.0f rows/s, %,d MB written, peak heap %,d MB%n", what, rows,
                s, rows / s, bytes[0] >> 20, peak >> 20);
    }
}
