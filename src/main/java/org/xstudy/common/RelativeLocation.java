package org.xstudy.common;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.net.URI;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Keeps {@code Location} headers that point into this server relative ({@code /console/login}, RFC 9110 allows
 * it). JAX-RS makes a relative redirect absolute with the scheme and {@code Host} of the request, which a client
 * chooses ({@code Host: evil.example}) and which is {@code http} behind a TLS proxy. Redirects to other sites (a
 * study's completion URL) are left alone.
 */
public class RelativeLocation {

    @ServerResponseFilter
    public void relative(ContainerRequestContext request, ContainerResponseContext response) {
        Object location = response.getHeaders().getFirst(HttpHeaders.LOCATION);
        if (location == null) {
            return;
        }
        URI uri = location instanceof URI u ? u : URI.create(location.toString());
        URI base = request.getUriInfo().getBaseUri();
        if (uri.isAbsolute() && uri.getRawAuthority() != null
                && uri.getRawAuthority().equalsIgnoreCase(base.getRawAuthority())) {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            response.getHeaders().putSingle(HttpHeaders.LOCATION, path
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment()));
        }
    }
}
