package org.xstudy.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Limits request bodies, answering {@code 413} with a problem+json body, as every other error, before Quarkus' own
 * check (which answers with an empty body) and before anything reads the body. Every endpoint takes at most
 * {@code xstudy.http.max-body-size} ({@code XSTUDY_MAX_BODY}, 2 MB), except the model uploads, which take up to
 * {@code xstudy.models.upload-limit} ({@code XSTUDY_MODEL_UPLOAD_LIMIT}); Quarkus' own limit
 * ({@code quarkus.http.limits.max-body-size}) is set to the upload's. A body of unknown length (chunked, as some
 * clients send multipart forms) is checked by Quarkus against that larger limit only.
 */
@ApplicationScoped
public class BodyLimit {

    static final String BODY = "{\"type\":\"about:blank\",\"title\":\"Request too large\",\"status\":413,"
            + "\"detail\":\"The request body is larger than this endpoint accepts (%d bytes).\"}";

    /** The paths that take model uploads. */
    static final Set<String> UPLOADS = Set.of("/api/models", "/api/models/upload", "/console/models/upload");

    @ConfigProperty(name = "xstudy.http.max-body-size")
    MemorySize max;

    @ConfigProperty(name = "xstudy.models.upload-limit")
    MemorySize uploadMax;

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
        router.errorHandler(413, this::tooLarge);
    }

    private long limit(RoutingContext ctx) {
        return ctx.request().method() == HttpMethod.POST && UPLOADS.contains(ctx.normalizedPath())
                ? uploadMax.asLongValue() : max.asLongValue();
    }

    private void check(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        long limit = limit(ctx);
        if (length != null && length.length() < 19 && length.chars().allMatch(Character::isDigit)
                && Long.parseLong(length) > limit) {
            tooLarge(ctx);
        } else {
            ctx.next();
        }
    }

    private void tooLarge(RoutingContext ctx) {
        answer(ctx, 413, String.format(BODY, limit(ctx)));
    }

    private static void answer(RoutingContext ctx, int status, String body) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        // the body is not read: the connection closes after the answer, as with Quarkus' own check
        ctx.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Connection", "close").end(body);
    }
}
