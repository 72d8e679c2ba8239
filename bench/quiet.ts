/** Imported first by run.ts: keeps Node's deprecation warnings (restify's DEP0111) out of the report. */
process.noDeprecation = true;
