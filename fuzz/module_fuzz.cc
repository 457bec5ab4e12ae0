// libFuzzer target: any bytes as a module, read (a third of them held to
// small component totals), checked against every release (with
// --validate's full validation), and rendered in one of the report
// formats. Nothing may crash, leak, hang or allocate without bound.
#include <cstdint>
#include <algorithm>
#include <cstdio>
#include <vector>

#include "driver/check_command.h"
#include "wasm/module_reader.h"
#include "report/report.h"
#include "wasm/validate.h"

#include "render_one.h"

using namespace astrid;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  MemorySource source(std::vector<uint8_t>(data, data + size));
  // A third of the inputs are read as a component's core module whose
  // component has little left: each of the totals within reach.
  CoreModuleBudget budget;
  budget.max = {512, 16, 16, 16, 16};
  auto read = read_module(source, size % 3 == 0 ? &budget : nullptr);
  FileResult file{"fuzz.wasm", InputError{}};
  if (read) {
    const Module* module = &*read;
    CheckOptions options;
    options.releases.clear();
    for (const Release& r : releases()) options.releases.push_back(&r);
    options.require_all = size / 4 % 2 == 0;
    Report report = check_module(*module, options);
    // Validation runs in a child process (see validate.h), which costs a
    // fork: one input in eight, and every one with a name holding a line
    // break (what once forged the child's verdict). Only crashes and leaks
    // matter here.
    auto line_break = [](const std::string& name) { return name.find('\n') != std::string::npos; };
    const bool forging = std::any_of(module->exports.begin(), module->exports.end(),
                                     [&](const Export& e) { return line_break(e.name); }) ||
                         std::any_of(module->imports.begin(), module->imports.end(),
                                     [&](const Import& i) { return line_break(i.name) || line_break(i.module); });
    if (size % 8 == 0 || forging)
      (void)validate_module(source, std::chrono::steady_clock::now() + std::chrono::seconds(5));
    file.outcome = std::move(report);
  } else {
    file.outcome = read.error();
  }
  InputResult result;
  result.path = "fuzz.wasm";
  result.modules.push_back(std::move(file));
  render_one_format(result, size);
  return 0;
}
