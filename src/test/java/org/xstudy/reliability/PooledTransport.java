package org.xstudy.reliability;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.http.Header;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/**
 * The load generator's transport: Apache HttpClient's blocking client (on the test class path through REST
 * Assured) with a pool of keep-alive connections, one per participant. Each participant's thread does its own I/O,
 * so a request costs several times less CPU than with the JDK's asynchronous client, which matters when the
 * generator shares two cores with the server and the PostgreSQL it measures.
 */
final class PooledTransport implements HttpParticipant.Transport, AutoCloseable {

    private final CloseableHttpClient client;

    PooledTransport(int connections) {
        int timeout = (int) HttpParticipant.TIMEOUT.toMillis();
        client = HttpClients.custom().setMaxConnTotal(connections).setMaxConnPerRoute(connections)
                .disableRedirectHandling().disableCookieManagement().disableAutomaticRetries()
                .disableContentCompression()
                .setDefaultRequestConfig(RequestConfig.custom().setConnectTimeout(5_000)
                        .setConnectionRequestTimeout(timeout).setSocketTimeout(timeout).build())
                .build();
    }

    @Override
    public HttpParticipant.Reply exchange(URI uri, String cookie, String form) throws IOException {
        HttpRequestBase request;
        if (form == null) {
            request = new HttpGet(uri);
        } else {
            HttpPost post = new HttpPost(uri);
            post.setEntity(new StringEntity(form, ContentType.APPLICATION_FORM_URLENCODED));
            request = post;
        }
        if (cookie != null) {
            request.setHeader("Cookie", "xs_session=" + cookie);
        }
        try (CloseableHttpResponse r = client.execute(request)) {
            String body = r.getEntity() == null ? "" : EntityUtils.toString(r.getEntity(), StandardCharsets.UTF_8);
            Header retry = r.getFirstHeader("Retry-After");
            return new HttpParticipant.Reply(r.getStatusLine().getStatusCode(), body,
                    Arrays.stream(r.getHeaders("Set-Cookie")).map(Header::getValue).toList(),
                    retry == null ? null : retry.getValue());
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
