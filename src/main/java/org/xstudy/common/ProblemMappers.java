package org.xstudy.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into an {@code application/problem+json} answer. Clients never see a stack trace or a
 * class name; bad input is a 4xx naming the field; a database outage is a fast 503 with {@code Retry-After}.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response constraint(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(pointerOf(v), v.getMessage()))
                .sorted(java.util.Comparator.comparing(Problem.FieldError::pointer))
                .toList();
        return ProblemException.invalid(errors).problem().toResponse();
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        String pointer = "";
        if (e instanceof JsonMappingException m) {
            pointer = JsonPointers.of(m.getPath());
        }
        String limit = JsonPointers.limitExceeded(e);
        if (limit != null) {
            return ProblemException.badField(e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser p
                    ? JsonPointers.at(p) : pointer, limit).problem().toResponse();
        }
        String message = e instanceof JsonMappingException
                ? "This value has the wrong type or shape."
                : "The body is not well-formed JSON (line " + lineOf(e) + ").";
        return ProblemException.badField(pointer, message).problem().toResponse();
    }

    /** Jackson's type errors: more specific than {@link JsonProcessingException}, so Quarkus' own mapper would win. */
    @ServerExceptionMapper
    public Response mismatched(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        String title = switch (status) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable";
            case 413 -> "Request too large";
            case 415 -> "Unsupported media type";
            default -> "Bad request";
        };
        String detail = switch (status) {
            case 401 -> "A valid researcher credential is required.";
            case 404 -> "No such resource.";
            case 405 -> "This method is not allowed here.";
            case 413 -> "The request body is larger than this endpoint accepts.";
            case 415 -> "This content type is not accepted here.";
            default -> "The request could not be understood.";
        };
        Response.ResponseBuilder b = Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status, title, detail));
        if (status == 401) {
            b.header("WWW-Authenticate", "ApiKey header=\"X-API-Key\"");
        }
        return b.build();
    }

    @ServerExceptionMapper
    public Response illegalArgument(IllegalArgumentException e) {
        return Problem.of(400, "Bad request", "The request could not be understood.").toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (isMalformedForm(e)) {
            return Problem.of(400, "Bad request", "The form could not be read (a field without a name?).")
                    .toResponse();
        }
        if (DatabaseFailures.isDatabaseDown(e)) {
            LOG.warn("database unavailable: " + e.getMessage());
            return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", "5")
                    .entity(Problem.of(503, "Service unavailable",
                            "The database is unavailable. Please retry in a few seconds."))
                    .build();
        }
        String state = sqlState(e);
        if (state != null && state.startsWith("22")) {
            return Problem.of(400, "Bad request", "The request contains a value that cannot be stored "
                    + "(e.g. a NUL character or a number out of range).").toResponse();
        }
        if (state != null && state.startsWith("23")) {
            return Problem.of(409, "Conflict", "This conflicts with data stored meanwhile. Please reload and retry.")
                    .toResponse();
        }
        LOG.error("unexpected failure", e);
        return Problem.of(500, "Internal error", "Something went wrong on our side. It has been logged.")
                .toResponse();
    }

    /**
     * True when the framework's reader of {@code application/x-www-form-urlencoded} bodies failed on the body
     * itself: it throws an index error on a pair without a name, such as {@code a=1&=}.
     */
    static boolean isMalformedForm(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IndexOutOfBoundsException) {
                for (StackTraceElement f : t.getStackTrace()) {
                    if (f.getClassName().endsWith("FormUrlEncodedProvider")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The SQL state of the first SQL exception in the cause chain: 22 is bad data, 23 a violated constraint. */
    static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        return null;
    }

    private static String pointerOf(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        // parameter violations look like "method.arg0.field": drop the method and parameter names
        int from = parts.length > 2 ? 2 : parts.length > 1 ? 1 : 0;
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < parts.length; i++) {
            sb.append('/').append(parts[i].replaceAll("\\[(\\d+)]", "/$1"));
        }
        return sb.toString();
    }

    private static int lineOf(JsonProcessingException e) {
        return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    }
}
