// What every fuzz target does last: render the result in one report
// format, chosen by the input's size. Rendering all four (SARIF's rule
// catalogue above all) would slow the fuzzers fourfold; over a run, each
// format gets its share of inputs.
#pragma once

#include <cstddef>
#include <cstdio>

#include "report/report.h"

namespace astrid {

inline void render_one_format(const InputResult& result, size_t size) {
  static std::FILE* sink = std::fopen("/dev/null", "w");
  constexpr ReportFormat kFormats[] = {ReportFormat::Text, ReportFormat::Json, ReportFormat::Sarif,
                                       ReportFormat::Github};
  TextOptions options;
  options.verbose = true;
  auto reporter = make_reporter(kFormats[size % 4], options, sink);
  reporter->input(result);
  reporter->finish();
}

}  // namespace astrid
