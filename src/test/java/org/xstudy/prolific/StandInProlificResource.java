package org.xstudy.prolific;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts the {@link StandInProlificApi} for the test JVM and points {@code xstudy.prolific.api-url} at it, so that no
 * test ever reaches the real Prolific. Tests reach the running stand-in through {@link #api()}.
 */
public class StandInProlificResource implements QuarkusTestResourceLifecycleManager {

    /** The token the stand-in accepts. */
    public static final String TOKEN = "stand-in-prolific-token-7f3a";

    private static volatile StandInProlificApi api;

    public static StandInProlificApi api() {
        return api;
    }

    @Override
    public Map<String, String> start() {
        try {
            api = new StandInProlificApi(TOKEN);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return Map.of("xstudy.prolific.api-url", api.apiUrl(),
                "xstudy.prolific.completion-url", api.apiUrl().replace("/api/v1/", "/submissions/complete?cc={code}"));
    }

    @Override
    public void stop() {
        if (api != null) {
            api.close();
        }
    }
}
