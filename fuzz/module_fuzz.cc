// libFuzzer target: any bytes as a module, read, checked against every
// release (with --validate's full validation), and rendered in one of the
// report formats. Nothing may crash, leak, hang or allocate without bound.
#include <cstdint>
#include <cstdio>
#include <vector>

#include "driver/check_command.h"
#include "wasm/module_reader.h"
#include "report/report.h"
#include "wasm/validate.h"

using namespace astrid;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  MemorySource source(std::vector<uint8_t>(data, data + size));
  auto read = read_module(source);
  FileResult file{"fuzz.wasm", InputError{}};
  if (auto* module = std::get_if<Module>(&read)) {
    CheckOptions options;
    options.releases.clear();
    for (const Release& r : releases()) options.releases.push_back(&r);
    options.require_all = size / 4 % 2 == 0;
    Report report = check_module(*module, options);
    // Validation runs in a child process (see validate.h), which costs a
    // fork: one input in eight. Only crashes and leaks matter here.
    if (size % 8 == 0) (void)validate_module(source, std::chrono::steady_clock::now() + std::chrono::seconds(5));
    file.outcome = std::move(report);
  } else {
    file.outcome = std::get<InputError>(read);
  }
  InputResult result;
  result.path = "fuzz.wasm";
  result.modules.push_back(std::move(file));
  // One report format per input, chosen by its size: rendering all four
  // (SARIF's rule catalogue above all) would slow the fuzzer fourfold.
  static std::FILE* sink = std::fopen("/dev/null", "w");
  constexpr ReportFormat kFormats[] = {ReportFormat::Text, ReportFormat::Json, ReportFormat::Sarif,
                                       ReportFormat::Github};
  TextOptions options;
  options.verbose = true;
  auto reporter = make_reporter(kFormats[size % 4], options, sink);
  reporter->input(result);
  reporter->finish();
  return 0;
}
