package org.xstudy.explain.job;

/**
 * One chunk of a precompute job: the tasks whose position lies in {@code [from, to)}, {@code from = index × size}.
 * Its id ({@code <job>:<index>}) is the instance id of its execution in the job engine.
 */
record Chunk(long jobId, int index) {

    static Chunk parse(String id) {
        int colon = id.indexOf(':');
        return new Chunk(Long.parseLong(id.substring(0, colon)), Integer.parseInt(id.substring(colon + 1)));
    }

    /** How many chunks {@code total} tasks make at {@code size} tasks per chunk. */
    static int count(int total, int size) {
        return (total + size - 1) / size;
    }

    String id() {
        return jobId + ":" + index;
    }

    int from(int size) {
        return index * size;
    }

    int to(int size) {
        return (index + 1) * size;
    }
}
