package org.xstudy.study.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Item covariates: item-level numbers, strings (at most {@value #MAX_STRING} characters) or booleans under
 * identifier names, at most {@value #MAX_PER_ITEM} per item. The analysis can restrict itself to items by them.
 */
public final class Covariates {

    public static final int MAX_PER_ITEM = 50;
    public static final int MAX_STRING = 200;
    /** A covariate name: a letter or '_', then letters, digits and '_', at most 64 characters. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private Covariates() {
    }

    /** Reports every fault of an item's {@code covariates} object at {@code p} (the object's pointer). */
    static void check(Checker c, JsonNode node, String p) {
        if (!c.object(node, p, false)) {
            return;
        }
        if (node.size() > MAX_PER_ITEM) {
            c.error(p, "At most " + MAX_PER_ITEM + " covariates per item.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String cp = Checker.at(p, e.getKey());
            JsonNode v = e.getValue();
            if (!NAME.matcher(e.getKey()).matches()) {
                c.error(cp, "A covariate name is a letter or '_', then letters, digits and '_' (at most 64).");
            }
            if (v.isTextual() && v.textValue().length() > MAX_STRING) {
                c.error(cp, "At most " + MAX_STRING + " characters.");
            } else if (!(v.isTextual() || v.isBoolean() || v.isNumber())) {
                c.error(cp, "A covariate is a number, a string or true/false.");
            }
        }
    }
}
