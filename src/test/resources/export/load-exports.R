# Loads the long and wide CSV exports as a researcher would, without any cleaning, with base R's read.csv and with
# readr::read_csv; checks the column types and fits glm(correct ~ condition, binomial) with the control as the
# reference level. Prints "key=value" lines for the Java test; stops with a message on anything wrong.
# Usage: Rscript load-exports.R <long.csv> <wide.csv> <control condition>
args <- commandArgs(trailingOnly = TRUE)
if (!requireNamespace("readr", quietly = TRUE)) {
  stop("R package readr is missing: install the Debian package r-cran-readr")
}
long_csv <- args[1]
wide_csv <- args[2]
control <- args[3]
readers <- list(
  read.csv = function(f) read.csv(f, stringsAsFactors = FALSE),
  readr = function(f) as.data.frame(readr::read_csv(f, show_col_types = FALSE, progress = FALSE))
)
out <- function(key, value) cat(key, "=", value, "\n", sep = "")
expect <- function(ok, what) if (!isTRUE(ok)) stop(what, call. = FALSE)
for (reader in names(readers)) {
  long <- readers[[reader]](long_csv)
  wide <- readers[[reader]](wide_csv)
  for (col in c("correct", "completed", "excluded")) {
    expect(is.logical(long[[col]]), sprintf("%s: long column %s is %s, not logical", reader, col,
                                            class(long[[col]])[1]))
  }
  for (col in c("completed", "excluded")) {
    expect(is.logical(wide[[col]]), sprintf("%s: wide column %s is %s, not logical", reader, col,
                                            class(wide[[col]])[1]))
  }
  for (col in c("duration_s", "forward_accuracy", "answers", "rating_value", "client_response_ms")) {
    d <- if (col %in% names(wide)) wide else long
    expect(is.numeric(d[[col]]), sprintf("%s: column %s is %s, not numeric", reader, col, class(d[[col]])[1]))
  }
  expect(all(is.na(long$condition[long$kind == "other" & long$phase == "consent"])),
         sprintf("%s: consent answers have a condition", reader))
  out(paste0(reader, ".long.rows"), nrow(long))
  out(paste0(reader, ".wide.rows"), nrow(wide))
  out(paste0(reader, ".wide.unfinished"), sum(is.na(wide$finished_at)))
  out(paste0(reader, ".wide.columns"), paste(names(wide), collapse = ","))
  long$condition <- relevel(factor(long$condition), ref = control)
  fit <- glm(correct ~ condition, family = binomial, data = long)
  expect(fit$converged, sprintf("%s: glm did not converge", reader))
  coefs <- coef(fit)
  for (name in names(coefs)) out(paste0(reader, ".coef.", name), sprintf("%.17g", coefs[[name]]))
  out(paste0(reader, ".glm.n"), nobs(fit))
}
