package org.xstudy.common;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import java.util.Collection;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Adds defensive headers to every response, and to every HTML page (participant pages, the console, the results
 * page, error pages) the same strict Content-Security-Policy and frame protection: no inline scripts or styles, no
 * third-party resources, no framing. A page may set its own policy (built with {@link #participantPolicy}) when its
 * forms lead elsewhere.
 */
public class SecurityHeaders {

    public static final String CSP = "Content-Security-Policy";

    static final String PAGE_POLICY = participantPolicy(java.util.List.of());

    /**
     * The participant pages' policy, where a form may also lead to {@code formTargets} (origins such as
     * {@code https://app.prolific.com}): Chromium applies {@code form-action} to every redirect that follows a
     * form's submission, so the last answer's redirect to Prolific is blocked unless Prolific's origin is listed.
     */
    public static String participantPolicy(Collection<String> formTargets) {
        StringBuilder formAction = new StringBuilder("'self'");
        formTargets.forEach(t -> formAction.append(' ').append(t));
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                + "form-action " + formAction + "; frame-ancestors 'none'; base-uri 'none'";
    }

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        var h = response.getHeaders();
        h.putSingle("X-Content-Type-Options", "nosniff");
        h.putSingle("Referrer-Policy", "no-referrer");
        MediaType type = response.getMediaType();
        boolean html = type != null && type.isCompatible(MediaType.TEXT_HTML_TYPE);
        if (html || request.getUriInfo().getPath().startsWith("/s/")) {
            if (!h.containsKey(CSP)) {
                h.putSingle(CSP, PAGE_POLICY);
            }
            h.putSingle("X-Frame-Options", "DENY");
        }
    }
}
