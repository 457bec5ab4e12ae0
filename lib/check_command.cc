#include "check_command.h"

#include <fmt/format.h>

#include "module_reader.h"
#include "plural.h"

namespace astrid {

FileResult check_file(const std::string& path, const CheckOptions& options) {
  auto read = read_module_file(path);
  if (auto* error = std::get_if<InputError>(&read)) return {path, *error};
  return {path, check_module(std::get<Module>(read), options)};
}

int run_check(const CheckCommand& command, std::FILE* out) {
  int status = kExitClean;
  size_t counts[3] = {};
  size_t unreadable = 0;
  for (const std::string& path : command.inputs) {
    const FileResult result = check_file(path, command.options);
    const std::string text =
        command.format == ReportFormat::Json ? render_json(result) : render_text(result, command.text);
    std::fwrite(text.data(), 1, text.size(), out);
    if (const auto* report = std::get_if<Report>(&result.outcome)) {
      for (Severity s : {Severity::Note, Severity::Warning, Severity::Error})
        counts[static_cast<int>(s)] += report->count(s);
      if (report->reaches(command.fail_on) && status == kExitClean) status = kExitFindings;
    } else {
      ++unreadable;
      status = kExitInput;
    }
  }
  if (command.format == ReportFormat::Text && command.inputs.size() > 1) {
    std::string line = fmt::format("checked {} files: {}, {}, {}", command.inputs.size(), plural(counts[2], "error"),
                                   plural(counts[1], "warning"), plural(counts[0], "note"));
    if (unreadable) line += fmt::format("; {} could not be read", unreadable);
    fmt::print(out, "{}\n", line);
  }
  return status;
}

}  // namespace astrid
