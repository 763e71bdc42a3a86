package org.xstudy.participant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.xstudy.common.SecurityHeaders;
import org.xstudy.study.spec.StudySpec;

/**
 * The Content-Security-Policy of a study's step pages: the participant pages' policy, with the origins of the
 * study's redirect URLs (completion, screen-out) allowed as form targets, because a step's answer can end the
 * session and the redirect that follows the form goes there.
 */
final class StudyPolicy {

    /** By spec instance: a study's spec is parsed once per revision, so this is computed once per revision. */
    private static final Cache<StudySpec, String> policies = Caffeine.newBuilder().weakKeys().maximumSize(10_000)
            .build();

    private StudyPolicy() {}

    static String of(StudySpec spec) {
        return policies.get(spec, StudyPolicy::build);
    }

    private static String build(StudySpec spec) {
        StudySpec.Participants p = spec.participants();
        Set<String> origins = new LinkedHashSet<>();
        if (p != null) {
            Stream.of(p.completionUrl(), p.screenOutUrl()).map(StudyPolicy::origin).filter(o -> o != null)
                    .forEach(origins::add);
        }
        return SecurityHeaders.participantPolicy(origins);
    }

    /** {@code scheme://host[:port]} of an http(s) URL, or null when it has none (the validator only lets those in). */
    static String origin(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI u = URI.create(url.replace("{code}", "code"));
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null
                    || !u.getHost().matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
                return null;
            }
            return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (u.getPort() < 0 ? "" : ":" + u.getPort());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
