package org.xstudy.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;
import org.xstudy.analysis.AnalysisReport;

/**
 * JSON exports: the long rows as a streamed array of objects with the long CSV's column names, and the
 * analysis report. Non-finite numbers (an undefined statistic) are written as null.
 */
public final class JsonFormat {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .registerModule(new SimpleModule().addSerializer(Double.class, new FiniteDouble())
                    .addSerializer(double.class, new FiniteDouble()));

    private JsonFormat() {
    }

    /** The mapper used for analysis JSON (also by the REST endpoints). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Streams the rows as a JSON array; returns the number of rows. */
    public static long writeRows(Stream<ExportRow> rows, OutputStream out) {
        return writeRows(rows, LongFormat.COLUMNS, out);
    }

    /** As {@link #writeRows(Stream, OutputStream)} with the given columns (e.g. with a study's covariates). */
    public static long writeRows(Stream<ExportRow> rows, List<Column<ExportRow>> columns, OutputStream out) {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartArray();
            long[] n = {0};
            rows.forEach(r -> {
                try {
                    g.writeStartObject();
                    for (Column<ExportRow> c : columns) {
                        writeField(g, c.name(), c.value().apply(r));
                    }
                    g.writeEndObject();
                    n[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            g.writeEndArray();
            return n[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeField(JsonGenerator g, String name, Object v) throws IOException {
        g.writeFieldName(name);
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Double d && Double.isFinite(d)) {
            g.writeNumber(d);
        } else {
            g.writeString(v.toString());
        }
    }

    public static void writeReport(AnalysisReport report, OutputStream out) {
        try {
            MAPPER.writerWithDefaultPrettyPrinter().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes NaN and infinities as null so the output stays valid JSON. */
    private static final class FiniteDouble extends StdSerializer<Double> {

        FiniteDouble() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator g, SerializerProvider p)
                throws IOException {
            if (value == null || !Double.isFinite(value)) {
                g.writeNull();
            } else {
                g.writeNumber(value);
            }
        }
    }
}
