package org.xstudy.reliability;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The load generator's transport: Vert.x's HTTP client (already on the class path through Quarkus) on one event
 * loop with a keep-alive connection per participant. It needs several times less CPU per request than the JDK's
 * client, which matters when the generator shares two cores with the server and PostgreSQL it measures.
 */
final class VertxTransport implements HttpParticipant.Transport, AutoCloseable {

    private final Vertx vertx;
    private final HttpClient client;

    VertxTransport(URI base, int connections) {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(base.getHost())
                .setDefaultPort(base.getPort()).setKeepAlive(true).setConnectTimeout(5_000),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    }

    @Override
    public HttpParticipant.Reply exchange(URI uri, String cookie, String form)
            throws IOException, InterruptedException {
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        RequestOptions options = new RequestOptions().setMethod(form == null ? HttpMethod.GET : HttpMethod.POST)
                .setURI(path).setIdleTimeout(HttpParticipant.TIMEOUT.toMillis());
        if (cookie != null) {
            options.putHeader("Cookie", "xs_session=" + cookie);
        }
        if (form != null) {
            options.putHeader("Content-Type", "application/x-www-form-urlencoded");
        }
        try {
            return client.request(options)
                    .compose(req -> form == null ? req.send() : req.send(Buffer.buffer(form)))
                    .compose(resp -> resp.body().map(body -> new HttpParticipant.Reply(resp.statusCode(),
                            body.toString(), resp.cookies(), resp.getHeader("Retry-After"))))
                    .toCompletionStage().toCompletableFuture()
                    .get(HttpParticipant.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("no response within " + HttpParticipant.TIMEOUT, e);
        }
    }

    @Override
    public void close() {
        client.close();
        vertx.close();
    }
}
