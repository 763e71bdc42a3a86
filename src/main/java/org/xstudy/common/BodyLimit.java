package org.xstudy.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a body over {@code quarkus.http.limits.max-body-size} with {@code 413} and a problem+json body, as every
 * other error, before Quarkus' own check (which answers with an empty body) and before anything reads it.
 */
@ApplicationScoped
public class BodyLimit {

    static final String BODY = "{\"type\":\"about:blank\",\"title\":\"Request too large\",\"status\":413,"
            + "\"detail\":\"The request body is larger than this server accepts (%d bytes).\"}";

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize max;

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
        router.errorHandler(413, this::tooLarge);
    }

    private void check(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        if (length != null && length.length() < 19 && length.chars().allMatch(Character::isDigit)
                && Long.parseLong(length) > max.asLongValue()) {
            tooLarge(ctx);
        } else {
            ctx.next();
        }
    }

    private void tooLarge(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        // the body is not read: the connection closes after the answer, as with Quarkus' own check
        ctx.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Connection", "close").end(String.format(BODY, max.asLongValue()));
    }
}
