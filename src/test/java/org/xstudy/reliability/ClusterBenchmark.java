package org.xstudy.reliability;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Answers per second and latency of the participant path on 1 and on 3 servers sharing one database (not part of the
 * test suite; figures in docs/performance.md). Each configuration starts its servers from {@code target/quarkus-app}
 * ({@link AppProcess}), with 3 behind HAProxy ({@link Haproxy}, round-robin, no stickiness) and 1 either directly
 * or behind HAProxy too ({@code -Dcluster.lb-for-one=true}), then runs {@link LoadGenerator#run}: an unmeasured
 * closed-loop warm-up of {@code load.warmup-participants} (default 500), then the measured run of
 * {@code load.participants} (300) joining over {@code load.ramp-seconds} (5) with {@code load.think-ms} (400) of
 * think time, then a closed loop without think time ({@code cluster.closed-participants}, 300) for capacity.
 *
 * <pre>
 * ./mvnw -q -o test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.xstudy.reliability.ClusterBenchmark -Dcluster.nodes=1,3
 * </pre>
 */
public final class ClusterBenchmark {

    private ClusterBenchmark() {}

    public static void main(String[] args) throws Exception {
        int participants = Integer.getInteger("load.participants", 300);
        int warmup = Integer.getInteger("load.warmup-participants", 500);
        int ramp = Integer.getInteger("load.ramp-seconds", 5);
        int think = Integer.getInteger("load.think-ms", 400);
        int closed = Integer.getInteger("cluster.closed-participants", 300);
        boolean lbForOne = Boolean.getBoolean("cluster.lb-for-one");
        List<String> lines = new ArrayList<>();
        java.nio.file.Files.createDirectories(Path.of("target"));
        for (String n : System.getProperty("cluster.nodes", "1,3").split(",")) {
            int nodes = Integer.parseInt(n.strip());
            List<AppProcess> servers = new ArrayList<>();
            Haproxy lb = null;
            try {
                for (int i = 1; i <= nodes; i++) {
                    servers.add(AppProcess.start(Db.url(), Map.of("XSTUDY_DB_POOL_MAX", String.valueOf(
                            Math.max(8, 24 / nodes))), Path.of("target", "cluster-bench-node" + i + ".log")));
                }
                URI base = servers.get(0).base();
                if (nodes > 1 || lbForOne) {
                    lb = Haproxy.start(servers.stream().map(AppProcess::base).toList(),
                            Path.of("target", "cluster-bench-lb"));
                    base = lb.base();
                }
                String label = nodes + (nodes > 1 || lbForOne ? " behind HAProxy" : " direct");
                LoadGenerator.Result w = LoadGenerator.run(base, AppProcess.KEY, warmup, 300, 0, 0);
                System.out.println(label + " warm-up: " + w.report());
                long cpu0 = servers.stream().mapToLong(AppProcess::cpuMillis).sum();
                LoadGenerator.Result r = LoadGenerator.run(base, AppProcess.KEY, participants, 300, ramp, think);
                long cpu = servers.stream().mapToLong(AppProcess::cpuMillis).sum() - cpu0;
                LoadGenerator.Result c = LoadGenerator.run(base, AppProcess.KEY, closed, 300, 0, 0);
                lines.add(String.format("%s: think %d ms: %s | server CPU per answer %.2f ms%n%s: closed loop: %s",
                        label, think, r.report(), (double) cpu / r.answers(), label, c.report()));
                System.out.println(lines.get(lines.size() - 1));
            } finally {
                if (lb != null) {
                    lb.close();
                }
                for (AppProcess s : servers) {
                    s.close();
                }
            }
        }
        System.out.println("\n" + String.join("\n", lines));
        System.exit(0);
    }
}
