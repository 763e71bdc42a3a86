package org.xstudy.export;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xstudy.study.spec.StudySpec;

/**
 * The questions a study asks outside its trials (its freetext and questionnaire phases), each answered once per
 * participant and so one column of the wide CSV. Column names are {@code q_<phase>_<question>} with every
 * character other than a letter, digit or '_' made '_' (so R keeps them as they are), numbered on a clash.
 */
public record Questionnaire(List<Question> questions) {

    /** One question and its wide-CSV column; {@code type} is choice, text, number or likert. */
    public record Question(String phase, String id, String text, String type, List<String> options,
                           String column) {

        /** Numbers and Likert points as integers, so they load as numbers; other answers as text. */
        public Object value(String answer) {
            if (answer == null || !(type.equals("number") || type.equals("likert"))) {
                return answer;
            }
            try {
                return Integer.valueOf(answer.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }

        public String columnType() {
            return type.equals("number") || type.equals("likert") ? "integer" : "string";
        }
    }

    public static Questionnaire none() {
        return new Questionnaire(List.of());
    }

    public static Questionnaire of(StudySpec spec) {
        List<Question> out = new ArrayList<>();
        Set<String> columns = new HashSet<>();
        for (StudySpec.Phase phase : spec.phases()) {
            if (!phase.type().equals("freetext") && !phase.type().equals("questionnaire")) {
                continue;
            }
            String name = phase.name() != null ? phase.name() : phase.type();
            for (StudySpec.Question q : phase.questions()) {
                String base = Column.safeName("q_" + name + "_" + q.id());
                String column = base;
                for (int n = 2; !columns.add(column); n++) {
                    column = base + "_" + n;
                }
                out.add(new Question(name, q.id(), q.text(), q.type() == null ? "text" : q.type(), q.options(),
                        column));
            }
        }
        return new Questionnaire(out);
    }
}
