package org.xstudy.study.spec;

/**
 * A design problem of a valid specification: the study can be created and run, but a result may not mean what it
 * seems to. {@code pointer} is the JSON pointer of the field at fault, {@code code} a stable identifier.
 */
public record SpecWarning(String pointer, String code, String message) {}
