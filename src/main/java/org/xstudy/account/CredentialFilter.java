package org.xstudy.account;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.xstudy.common.Actor;
import org.xstudy.common.CurrentResearcher;
import org.xstudy.common.Problem;

/**
 * Who is calling. {@code /api/} requests carry a personal API token (header {@code X-API-Key} or
 * {@code Authorization: Bearer}), or the configuration key; without one they get 401. Console pages need the
 * session cookie; without one they redirect to the login page. The filter runs on the endpoint's worker thread.
 */
public class CredentialFilter {

    public static final String SESSION_COOKIE = "xs_console";

    @Inject
    CurrentResearcher researcher;

    @Inject
    SignedIn signedIn;

    @Inject
    Accounts accounts;

    @Inject
    Bootstrap bootstrap;

    @ServerRequestFilter
    public Response check(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        if (path.startsWith("/api/") || path.equals("/api")) {
            return api(ctx);
        }
        if (path.startsWith("/console")) {
            return console(ctx, path);
        }
        return null;
    }

    private Response api(ContainerRequestContext ctx) {
        String given = ctx.getHeaderString("X-API-Key");
        String auth = ctx.getHeaderString("Authorization");
        if (given == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = auth.substring(7).trim();
        }
        Optional<Actor> actor = Optional.empty();
        if (given != null) {
            String g = given;
            actor = bootstrap.configuredKey().filter(k -> Secrets.same(k, g)).flatMap(k -> bootstrap.keyActor())
                    .or(() -> accounts.byToken(g).map(User::actor));
        }
        if (actor.isPresent()) {
            researcher.set(actor.get());
            return null;
        }
        return Response.status(401).type(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", "Bearer, ApiKey header=\"X-API-Key\"")
                .entity(Problem.of(401, "Unauthorized", "A valid API token is required.")).build();
    }

    private Response console(ContainerRequestContext ctx, String path) {
        Cookie c = ctx.getCookies().get(SESSION_COOKIE);
        Optional<SignedIn.Session> s = accounts.session(c == null ? null : c.getValue());
        if (s.isPresent()) {
            signedIn.set(s.get());
            researcher.set(s.get().user().actor());
            return null;
        }
        if (path.equals("/console/login")) {
            return null;
        }
        String next = ctx.getMethod().equals("GET") ? path : "/console";
        return Response.seeOther(URI.create("/console/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)))
                .build();
    }

    /**
     * Whether the browser reached us over HTTPS, directly or through a proxy listed in
     * {@code quarkus.http.proxy.trusted-proxies} (whose {@code X-Forwarded-Proto} Quarkus applies to the scheme; the
     * header from anyone else is ignored).
     */
    public static boolean secure(HttpServerRequest http) {
        return http.isSSL() || "https".equalsIgnoreCase(http.scheme());
    }
}
