# Fits ordinal::clmm to each CSV given (columns participant, item, condition, rating) and prints one line per
# estimate: case,kind,name,value. kind is threshold, coef, se, sd or loglik. The second argument is "default" for
# clmm's default control or "tight" for the same Laplace likelihood optimised to a tighter tolerance.
# A file x.start next to x.csv (one line: thresholds, coefficients, SDs, comma-separated) gives clmm its starting
# values, and that fit skips the Hessian (Hess = FALSE, so no se lines): same model, same optimum, fewer evaluations.
suppressMessages(library(ordinal))
args <- commandArgs(trailingOnly = TRUE)
mode <- args[1]
ctrl <- if (mode == "tight") clmm.control(rel.tol = 1e-14, x.tol = 1e-12, eval.max = 5000, iter.max = 2000,
                                          gradTol = 1e-10) else clmm.control()
for (f in args[-1]) {
  d <- read.csv(f, colClasses = c(participant = "character", item = "character", condition = "character"))
  d$rating <- factor(d$rating, levels = sort(unique(d$rating)), ordered = TRUE)
  d$condition <- factor(d$condition, levels = sort(unique(d$condition)))
  startFile <- sub("\\.csv$", ".start", f)
  given <- file.exists(startFile)
  gc(reset = TRUE)
  t0 <- proc.time()
  fit <- if (given) {
    s <- scan(startFile, sep = ",", quiet = TRUE)
    nsd <- 2
    clmm(rating ~ condition + (1 | participant) + (1 | item), data = d, control = ctrl, Hess = FALSE,
         start = list(s[seq_len(length(s) - nsd)], s[length(s) - nsd + seq_len(nsd)]))
  } else {
    clmm(rating ~ condition + (1 | participant) + (1 | item), data = d, control = ctrl)
  }
  used <- proc.time() - t0
  secs <- used[["elapsed"]]
  case <- sub("\\.csv$", "", basename(f))
  co <- if (given) matrix(numeric(0), 0, 1, dimnames = list(NULL, "Std. Error")) else summary(fit)$coefficients
  emit <- function(kind, name, value) cat(sprintf("%s,%s,%s,%.15g\n", case, kind, name, value))
  for (nm in names(fit$alpha)) emit("threshold", nm, fit$alpha[[nm]])
  for (nm in names(fit$beta)) emit("coef", nm, fit$beta[[nm]])
  for (nm in rownames(co)) emit("se", nm, co[nm, "Std. Error"])
  for (g in names(fit$ST)) emit("sd", g, fit$ST[[g]][1, 1])
  emit("loglik", "logLik", as.numeric(logLik(fit)))
  emit("time", "seconds", secs)
  emit("time", "cpu", used[["user.self"]] + used[["sys.self"]])
  emit("memory", "peakMb", sum(gc()[, 6]))
  emit("count", "evaluations", fit$neval)
  emit("count", "iterations", fit$optRes$iterations)
  emit("check", "maxGradient", max(abs(fit$gradient)))
}
