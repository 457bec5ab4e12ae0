// `astrid-abi check`: read each input, check it, print its report, and
// decide the exit status.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "check.h"
#include "report.h"

namespace astrid {

enum class ReportFormat { Text, Json };

// Exit statuses, stable for CI.
inline constexpr int kExitClean = 0;     // nothing reached --fail-on
inline constexpr int kExitFindings = 1;  // a finding reached --fail-on
inline constexpr int kExitInput = 2;     // usage error, or an input could not be read or parsed

struct CheckCommand {
  std::vector<std::string> inputs;
  CheckOptions options;
  ReportFormat format = ReportFormat::Text;
  Severity fail_on = Severity::Error;
  TextOptions text;
};

FileResult check_file(const std::string& path, const CheckOptions& options);

// Prints every input's report to out, in the order given; returns the exit
// status: kExitInput if any input could not be read, else kExitFindings if
// any finding reached fail_on, else kExitClean.
int run_check(const CheckCommand& command, std::FILE* out);

}  // namespace astrid
