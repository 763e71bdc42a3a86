package org.xstudy.model;

import org.jboss.resteasy.reactive.PartType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.xstudy.common.ProblemException;
import org.xstudy.model.imports.LabelList;
import org.xstudy.model.imports.ModelUpload;

/** The multipart fields of a model upload (API and console alike). */
public class UploadForm {

    @RestForm("model")
    public FileUpload model;

    @RestForm("tokenizer")
    public FileUpload tokenizer;

    @RestForm
    @PartType("text/plain")
    public String labels;

    @RestForm
    public String name;

    @RestForm
    public String id;

    @RestForm
    public String format;

    @RestForm
    public String maxLength;

    @RestForm
    public String source;

    @RestForm
    public String licence;

    @RestForm
    public String trainingData;

    /** The upload as the service takes it; an absent file is null. */
    public ModelUpload upload() {
        Integer max;
        try {
            max = maxLength == null || maxLength.isBlank() ? null : Integer.valueOf(maxLength.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badField("/maxLength", "maxLength must be a whole number.");
        }
        return new ModelUpload(name, id, format, model == null ? null : model.fileName(), file(model), file(tokenizer),
                LabelList.parse(labels), max, source, licence, trainingData);
    }

    private static java.nio.file.Path file(FileUpload f) {
        return f == null || f.uploadedFile() == null ? null : f.uploadedFile();
    }
}
