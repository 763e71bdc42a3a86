package org.xstudy.acceptance;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for Prolific's participant site on another local origin ({@code http://localhost:PORT}, while xstudy
 * runs on 127.0.0.1): it serves {@code /submissions/complete?cc=CODE} as Prolific does when a participant is
 * redirected back with a completion code, and records every code that arrived.
 */
public final class StandInProlific implements AutoCloseable {

    private final HttpServer server;
    private final List<String> codes = new CopyOnWriteArrayList<>();

    public StandInProlific() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/submissions/complete", exchange -> {
            String code = param(exchange.getRequestURI(), "cc");
            codes.add(code == null ? "" : code);
            byte[] body = ("<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>Prolific stand-in</title>"
                    + "<link rel=icon href=\"data:,\">"
                    + "</head><body><h1>Submission received</h1><p id=cc>" + (code == null ? "" : code.replace("<", ""))
                    + "</p></body></html>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** Prolific's completion URL with xstudy's {@code {code}} placeholder. */
    public String completionUrl() {
        return origin() + "/submissions/complete?cc={code}";
    }

    public String origin() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** The codes participants arrived with, in order. */
    public List<String> codes() {
        return List.copyOf(codes);
    }

    private static String param(URI uri, String name) {
        String query = uri.getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
