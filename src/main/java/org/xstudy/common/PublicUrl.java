package org.xstudy.common;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The address participants and researchers reach this server at ({@code xstudy.public-url}, environment
 * {@code XSTUDY_PUBLIC_URL}), for absolute links such as the Prolific URL template. It never comes from a request's
 * {@code Host} header, which the client chooses. Without the setting it is {@code http://localhost:PORT}, right only
 * for a server used on the machine it runs on.
 */
@ApplicationScoped
public class PublicUrl {

    private static final Logger LOG = Logger.getLogger(PublicUrl.class);

    private final String base;
    private final String origin;

    PublicUrl(@ConfigProperty(name = "xstudy.public-url") Optional<String> configured,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port) {
        String url = configured.map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        if (url == null) {
            LOG.warn("xstudy.public-url (XSTUDY_PUBLIC_URL) is not set: participant links use http://localhost:" + port);
            url = "http://localhost:" + port;
        }
        URI uri = URI.create(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("xstudy.public-url must be an http or https URL, e.g. "
                    + "https://xstudy.example.org");
        }
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.origin = scheme + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT);
    }

    /** The base URL without a trailing slash, e.g. {@code https://xstudy.example.org} or {@code .../xstudy}. */
    public String base() {
        return base;
    }

    /** Scheme, host and port of the base URL, as browsers send it in an {@code Origin} header. */
    public String origin() {
        return origin;
    }
}
