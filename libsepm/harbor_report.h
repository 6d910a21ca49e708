/* sepm's findings in the shape of Harbor's pluggable scanner API v1.2:
 * the adapter's metadata, and the vulnerability report of a scan.  A
 * finding is a vulnerability item: `id` its rule id, `package` the module
 * (or `image`), `version` the diff_id of the layer the module came with,
 * `severity` Critical for a finding that rejects and Low for a warning,
 * `description` file:line, the message and the hint. */
#ifndef SEPM_HARBOR_REPORT_H
#define SEPM_HARBOR_REPORT_H

#include <jansson.h>

#include "scan_request.h"

#define SEPM_MT_HARBOR_REPORT "application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0"
#define SEPM_MT_SEPM_REPORT "application/vnd.sepm.report.v1+json"
#define SEPM_MT_SCANNER_METADATA "application/vnd.scanner.adapter.metadata+json; version=1.1"
#define SEPM_MT_SCANNER_ERROR "application/vnd.scanner.adapter.error+json; version=1.0"
#define SEPM_MT_SCAN_RESPONSE "application/vnd.scanner.adapter.scan.response+json; version=1.0"

json_t *sepm_harbor_report_metadata (void);

/* The Harbor report of REQ from sepm's JSON report of the image
 * (sepm_report_image_json); GENERATED_AT in RFC 3339. */
json_t *sepm_harbor_report_new (const struct sepm_scan_request *req, json_t *sepm_report, const char *generated_at);

/* {"error": {"message": MESSAGE}} */
json_t *sepm_harbor_report_error (const char *message);

#endif
