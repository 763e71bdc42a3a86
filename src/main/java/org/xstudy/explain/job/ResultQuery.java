package org.xstudy.explain.job;

import java.util.ArrayList;
import java.util.List;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;

/**
 * Which results of a job to read: a page ({@code page} from 0, {@code size} 1 to {@link #MAX_SIZE}) of the tasks
 * in job order, only those of one method and / or one task status when given. {@code size} null means every
 * matching task (the CSV download).
 */
public record ResultQuery(int page, Integer size, String method, String status) {

    public static final int MAX_SIZE = 500;
    public static final int DEFAULT_SIZE = 50;
    public static final List<String> STATUSES = List.of("pending", "done", "failed");

    /** Parses the query parameters against the job's methods; every bad one is a 400 naming it. */
    public static ResultQuery of(String page, String size, String method, String status, List<String> methods,
            boolean allByDefault) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Integer p = number(page, 0, Integer.MAX_VALUE / MAX_SIZE, "/page", "page must be a whole number from 0.",
                errors);
        Integer s = number(size, 1, MAX_SIZE, "/size", "size must be a whole number from 1 to " + MAX_SIZE + ".",
                errors);
        String m = blank(method) ? null : method;
        if (m != null && !methods.contains(m)) {
            errors.add(new Problem.FieldError("/method", "method must be one of the job's methods: "
                    + String.join(", ", methods) + "."));
        }
        String st = blank(status) ? null : status;
        if (st != null && !STATUSES.contains(st)) {
            errors.add(new Problem.FieldError("/status", "status must be one of " + String.join(", ", STATUSES) + "."));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new ResultQuery(p == null ? 0 : p, s == null && !allByDefault ? Integer.valueOf(DEFAULT_SIZE) : s, m,
                st);
    }

    private static Integer number(String value, int min, int max, String pointer, String message,
            List<Problem.FieldError> errors) {
        if (blank(value)) {
            return null;
        }
        if (value.matches("\\d{1,9}")) {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        }
        errors.add(new Problem.FieldError(pointer, message));
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
