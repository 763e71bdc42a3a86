package org.xstudy.dataset;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits of a data set import ({@code xstudy.datasets.*}). The upload also passes the HTTP body limit
 * ({@code xstudy.http.max-body-size}, 2M by default), so {@code max-bytes} stays below it.
 */
@ConfigMapping(prefix = "xstudy.datasets")
public interface DatasetLimits {

    /** Largest file accepted, in bytes. */
    @WithDefault("1500000")
    long maxBytes();

    /** Most data rows in one file. */
    @WithDefault("20000")
    int maxRows();

    /** Longest text, in characters (what the explanation engine accepts). */
    @WithDefault("2000")
    int maxTextChars();

    /** Longest label, in characters. */
    @WithDefault("100")
    int maxLabelChars();

    /** Most distinct labels; at least two are required. */
    @WithDefault("50")
    int maxLabels();

    /** Most row errors listed in one answer; the parse stops there. */
    @WithDefault("100")
    int maxErrors();
}
