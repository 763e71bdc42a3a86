package org.xstudy.console;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Console pages are never cached (they show who is signed in and their data). Their Content-Security-Policy and
 * frame protection are those of every HTML page ({@link org.xstudy.common.SecurityHeaders}).
 */
public class ConsoleHeaders {

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getUriInfo().getPath().startsWith("/console")) {
            response.getHeaders().putSingle("Cache-Control", "no-store");
        }
    }
}
