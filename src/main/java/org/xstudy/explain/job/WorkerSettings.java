package org.xstudy.explain.job;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * How this node takes part in precompute (docs/workers.md): whether it claims chunks, how many at once, and the
 * lease timing of the job engine (db-scheduler) that hands chunks out. Every setting has an {@code XSTUDY_PRECOMPUTE_*}
 * environment variable.
 */
@ConfigMapping(prefix = "xstudy.precompute")
public interface WorkerSettings {

    /** Whether this node claims precompute chunks; a node that does not still creates jobs and schedules chunks. */
    @WithDefault("true")
    boolean worker();

    /** Chunks this node runs at once (each on its own thread). */
    @WithDefault("1")
    int threads();

    /** Tasks (item × method) per chunk of a new job. */
    @WithDefault("50")
    int chunkSize();

    /** How often an idle worker looks for a chunk to claim. */
    @WithDefault("2S")
    Duration poll();

    /** How often a worker renews the lease of the chunks it runs. */
    @WithDefault("5S")
    Duration heartbeat();

    /** Heartbeats a chunk may miss before another worker takes it over (after heartbeat × this; at least 4). */
    @WithDefault("6")
    int missedHeartbeats();

    /** The name this worker claims chunks under (results record it); host name and process id when not set. */
    Optional<String> name();
}
