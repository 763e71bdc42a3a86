package org.xstudy.prolific;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the Prolific connection ({@code xstudy.prolific.*}; environment names in docs/prolific.md). */
@ConfigMapping(prefix = "xstudy.prolific")
public interface ProlificSettings {

    /** Prolific's API base URL, ending in {@code /api/v1/} ({@code XSTUDY_PROLIFIC_API_URL}). */
    @WithDefault("https://api.prolific.com/api/v1/")
    String apiUrl();

    /** The key that encrypts Prolific tokens at rest ({@code XSTUDY_SECRET_KEY}); without it no token is stored. */
    Optional<String> secretKey();

    /** Where participants submit their code on Prolific; {@code {code}} is replaced by the outcome's code. */
    @WithDefault("https://app.prolific.com/submissions/complete?cc={code}")
    String completionUrl();

    /** How often submissions are polled, in case a webhook was lost ({@code XSTUDY_PROLIFIC_POLL}). */
    @WithDefault("2M")
    Duration pollInterval();

    /** Longest wait honoured from a 429's {@code Retry-After}, and how many times a call is retried after one. */
    @WithDefault("60S")
    Duration maxRetryWait();

    @WithDefault("5")
    int maxRetries();

    /** Submission ids per bulk approval. */
    @WithDefault("500")
    int batchSize();

    /** Time limit of one request to Prolific. */
    @WithDefault("30S")
    Duration timeout();
}
